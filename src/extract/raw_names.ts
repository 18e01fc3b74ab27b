/**
 * Extracting members whose names are not UTF-8 (held escaped, see tar/name_bytes.ts), with
 * their exact bytes. Deno's file system API takes strings, so each such name is first
 * created under a placeholder, `.tarz-raw-<hash>`, by the same safe code as every other
 * member; when the archive is done, {@linkcode RawNames.finish} renames the placeholders to
 * the real bytes through libc, deepest first, never over an existing file unless the
 * overwrite policy says so. A run killed before that leaves the placeholders.
 * @module
 */
import { createHash } from "node:crypto";
import { decodeName, encodeName, hasRawBytes } from "../tar/name_bytes.ts";
import type { Libc, RawFileInfo } from "../util/libc.ts";
import type { OverwritePolicy } from "./extractor.ts";

const PREFIX = ".tarz-raw-";

/** One placeholder to rename: under `parent` (a mapped key), for the name `raw`. */
interface _Pending {
  parent: string;
  placeholder: string;
  raw: string;
}

/** The placeholders of one extraction. */
export class RawNames {
  readonly #raw = new Map<string, string>(); // placeholder → real name
  readonly #pending = new Map<string, _Pending>(); // mapped key → rename to do

  constructor(readonly lib: Libc) {}

  /** `parts` with every name that is not UTF-8 replaced by its placeholder. */
  map(parts: string[]): string[] {
    if (!parts.some(hasRawBytes)) return parts;
    const out: string[] = [];
    for (const part of parts) {
      if (!hasRawBytes(part)) {
        out.push(part);
        continue;
      }
      const placeholder = PREFIX + createHash("sha256").update(encodeName(part)).digest("hex")
        .slice(0, 32);
      this.#raw.set(placeholder, part);
      const parent = out.join("/");
      const key = parent ? `${parent}/${placeholder}` : placeholder;
      if (!this.#pending.has(key)) this.#pending.set(key, { parent, placeholder, raw: part });
      out.push(placeholder);
    }
    return out;
  }

  /** A mapped key with the real names back, for messages and for the paths after finish. */
  unmap(key: string): string {
    if (!key.includes(PREFIX)) return key;
    return key.split("/").map((p) => this.#raw.get(p) ?? p).join("/");
  }

  /**
   * Renames every placeholder under `dest` to its real name, deepest first. A name that is
   * taken is merged into when both are directories, replaced when `overwrite` allows it,
   * and otherwise kept, with ours removed and `onKept` told.
   */
  finish(dest: string, overwrite: OverwritePolicy, onKept: (path: string) => void): void {
    const todo = [...this.#pending.entries()].sort((a, b) =>
      b[0].split("/").length - a[0].split("/").length
    );
    for (const [key, p] of todo) {
      const dir = p.parent ? `${dest}/${p.parent}` : dest;
      const from = `${dir}/${p.placeholder}`;
      const to = _join(encodeName(dir), encodeName(p.raw));
      this.#move(from, to, overwrite, this.unmap(key), onKept);
    }
    this.#pending.clear();
  }

  /** Moves the placeholder `from` to `to`, then removes what of it was kept out. */
  #move(
    from: string,
    to: Uint8Array,
    overwrite: OverwritePolicy,
    name: string,
    kept: (path: string) => void,
  ): void {
    this.#moveBytes(encodeName(from), to, overwrite, name, kept);
    try {
      Deno.removeSync(from, { recursive: true });
    } catch { /* all of it moved */ }
  }

  /** Renames `from` to `to`, merging into a directory and keeping a file there. */
  #moveBytes(
    from: Uint8Array,
    to: Uint8Array,
    overwrite: OverwritePolicy,
    name: string,
    kept: (path: string) => void,
  ): void {
    const lib = this.lib;
    try {
      lib.rename(from, to, true);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ENOENT") return; // looked up only, or refused: never made
      if (code !== "EEXIST") throw e;
    }
    const ours = lib.lstat(from);
    const theirs = lib.lstat(to);
    if (ours.isDirectory && theirs.isDirectory) {
      for (const child of lib.readDir(from)) {
        const childName = `${name}/${decodeName(child)}`;
        this.#moveBytes(_join(from, child), _join(to, child), overwrite, childName, kept);
      }
      return; // what stays behind goes with the placeholder
    }
    if (_replaces(ours, theirs, overwrite)) lib.rename(from, to, false);
    else kept(name);
  }
}

/** Whether ours replaces theirs: never a directory, and as the policy says. */
function _replaces(ours: RawFileInfo, theirs: RawFileInfo, overwrite: OverwritePolicy): boolean {
  if (theirs.isDirectory || ours.isDirectory) return false;
  const newer = (ours.mtime?.getTime() ?? 0) > (theirs.mtime?.getTime() ?? 0);
  return overwrite === "always" || (overwrite === "newer" && newer);
}

function _join(dir: Uint8Array, name: Uint8Array): Uint8Array {
  const out = new Uint8Array(dir.length + 1 + name.length);
  out.set(dir);
  out[dir.length] = 0x2f;
  out.set(name, dir.length + 1);
  return out;
}
