/**
 * Member-name sanitising for extraction. Pure: it decides, from the name alone, what the
 * path inside the destination is, or why the member must be refused.
 *
 * Rules (PEP 706 `data`, and stricter): leading `/` are stripped; `.` parts dropped; a
 * `..` part refuses the member; NUL bytes refuse it; depth is capped. Names are read as the
 * POSIX kernel reads them: only `/` separates parts, and `\` and `:` are ordinary
 * characters, so `..\x` and `C:..` are harmless single names (GNU tar keeps them too).
 * @module
 */

/** A sanitised path, as its parts, or the reason it was refused. */
export type SafePath = { ok: true; parts: string[]; stripped: boolean } | {
  ok: false;
  reason: string;
};

/** Options for {@linkcode sanitizePath}. */
export interface SanitizeOptions {
  /**
   * Leading parts to drop (tar's --strip-components).
   * @default {0}
   */
  stripComponents?: number;
  /**
   * Deepest path accepted, in parts.
   * @default {1024}
   */
  maxDepth?: number;
}

/**
 * Sanitises a member name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sanitizePath } from "./safe_path.ts";
 * const r = sanitizePath("/etc/passwd");
 * assert.ok(r.ok && r.parts.join("/") === "etc/passwd");
 * assert.ok(!sanitizePath("a/../../x").ok);
 * ```
 */
export function sanitizePath(name: string, options: SanitizeOptions = {}): SafePath {
  if (name.includes("\0")) return { ok: false, reason: "name contains a NUL byte" };
  let rest = name;
  let stripped = false;
  let lead = 0;
  while (rest.charCodeAt(lead) === 0x2f) lead++;
  if (lead > 0) {
    rest = rest.slice(lead);
    stripped = true;
  }
  const parts = rest.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return { ok: false, reason: 'its path contains ".."' };
  const strip = options.stripComponents ?? 0;
  const kept = parts.slice(strip);
  const maxDepth = options.maxDepth ?? 1024;
  if (kept.length > maxDepth) {
    return { ok: false, reason: `path is deeper than ${maxDepth} levels` };
  }
  return { ok: true, parts: kept, stripped };
}

/** Clears setuid, setgid, sticky and group/other write bits (the safe default). */
export function safeMode(mode: number, isDirectory: boolean): number {
  const m = mode & 0o755;
  // the owner must be able to read (and, for directories, enter) what it extracted
  return isDirectory ? m | 0o700 : m | 0o400;
}
