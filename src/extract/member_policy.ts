/**
 * What the extractor does with each member, decided before the file system is touched:
 * the limits, the name checks, member selection and --strip-components, and the member
 * types that are never extracted. Pure logic; the extractor acts on the decision.
 * @module
 */
import { hasRawBytes } from "../tar/name_bytes.ts";
import { TarzError } from "../errors.ts";
import type { DecodedMember } from "../tar/reader.ts";
import { sanitizePath } from "./safe_path.ts";

/** What to do when a file already exists in the destination. */
export type OverwritePolicy = "never" | "newer" | "always";

/** Thrown when the archive goes over the `maxBytes` or `maxEntries` limit. */
export class LimitError extends TarzError {
  override name = "LimitError";
}

/** The limits and the selection a {@linkcode MemberPolicy} applies. */
export interface MemberPolicyOptions {
  /** The destination, for the PATH_MAX check. */
  dest: string;
  /** @default {0} */
  stripComponents?: number;
  /** Decides whether a member is extracted, from its sanitised name before stripping. */
  filter?: (path: string) => boolean;
  /** Largest total of member sizes, in bytes. @default {1 TiB} */
  maxBytes?: number;
  /** Most members. @default {10_000_000} */
  maxEntries?: number;
  /** Deepest path. @default {1024} */
  maxDepth?: number;
}

/**
 * The decision on one member: skip it silently (not selected, or stripped away), refuse it
 * with a reason, or place it at `parts` under the destination. `raw` says that a part of
 * its name is not UTF-8.
 */
export type Admission =
  | { kind: "skip" }
  | { kind: "refuse"; member: string; reason: string }
  | { kind: "place"; parts: string[]; key: string; raw: boolean };

/** Decides, member by member, what an extraction does; counts towards the limits. */
export class MemberPolicy {
  readonly #o: Required<Omit<MemberPolicyOptions, "filter">> & MemberPolicyOptions;
  #bytes = 0;
  #entries = 0;

  constructor(options: MemberPolicyOptions) {
    this.#o = {
      stripComponents: 0,
      maxBytes: 2 ** 40,
      maxEntries: 10_000_000,
      maxDepth: 1024,
      ...options,
    };
  }

  /** The decision on the next member. Throws {@linkcode LimitError} past a limit. */
  admit(member: DecodedMember): Admission {
    const e = member.entry;
    this.#count(member);
    if (e.path === "") {
      return _refuse(`member ${this.#entries} (at byte ${member.offset})`, "it has no name");
    }
    const strip = this.#o.stripComponents;
    const safe = sanitizePath(e.path, { maxDepth: this.#o.maxDepth + strip });
    if (!safe.ok) return _refuse(e.path, safe.reason);
    // member selection matches archive names, before --strip-components (as in GNU tar)
    if (this.#o.filter && !this.#o.filter(safe.parts.join("/"))) return { kind: "skip" };
    const parts = safe.parts.slice(strip);
    if (parts.length === 0) return { kind: "skip" }; // "." or stripped away
    const key = parts.join("/");
    if (e.type === "char-device" || e.type === "block-device" || e.type === "fifo") {
      return _refuse(e.path, `${e.type} members are not extracted`);
    }
    if (e.type === "hardlink" && member.storedSize > 0) {
      return _refuse(e.path, "hardlink member carries data");
    }
    // names the kernel refuses, refused here: the writer thread must never meet one
    if (parts.some(_overNameMax)) {
      return _refuse(e.path, "a name in it is too long for the file system (over 255 bytes)");
    }
    if (_overPathMax(`${this.#o.dest}/${key}`)) {
      return _refuse(e.path, "its path is too long for the system (4096 bytes or more)");
    }
    return { kind: "place", parts, key, raw: parts.some(hasRawBytes) };
  }

  #count(member: DecodedMember): void {
    const e = member.entry;
    if (++this.#entries > this.#o.maxEntries) {
      throw new LimitError(
        `Cannot extract: the archive has more than ${this.#o.maxEntries} members, the limit`,
        undefined,
        undefined,
        { remedy: "max-entries" },
      );
    }
    const logical = e.type === "file" ? e.size : 0;
    if (this.#bytes + logical > this.#o.maxBytes) {
      throw new LimitError(
        `Cannot extract ${e.path}: the archive holds more than ${this.#o.maxBytes} bytes, the limit`,
        undefined,
        undefined,
        { remedy: "max-bytes" },
      );
    }
    this.#bytes += logical;
  }
}

/**
 * Whether an existing file that this run did not write is kept rather than replaced by a
 * member with modification time `memberMtime` (seconds); `existingMtime` in milliseconds.
 */
export function keepsExisting(
  policy: OverwritePolicy,
  memberMtime: number,
  existingMtime: number | null,
): boolean {
  if (policy === "never") return true;
  return policy === "newer" && !(memberMtime > (existingMtime ?? 0) / 1000);
}

function _refuse(member: string, reason: string): Admission {
  return { kind: "refuse", member, reason };
}

/** Whether one part of a name is over NAME_MAX (255 bytes on nearly every file system). */
function _overNameMax(part: string): boolean {
  return part.length > 85 && new TextEncoder().encode(part).length > 255;
}

/** Whether a path reaches PATH_MAX (4096 bytes on Linux, 1024 on macOS: the larger). */
function _overPathMax(path: string): boolean {
  return path.length > 1365 && new TextEncoder().encode(path).length >= 4096;
}
