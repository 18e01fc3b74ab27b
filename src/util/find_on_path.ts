/**
 * Finding a program the way a shell does: the first executable file of that name in the
 * directories of `PATH`.
 * @module
 */

/**
 * The full path of `name` on `PATH`, or null when it is not there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOnPath } from "./find_on_path.ts";
 * assert.equal(findOnPath("no-such-program-here"), null);
 * ```
 */
export function findOnPath(name: string, path = Deno.env.get("PATH") ?? ""): string | null {
  for (const dir of path.split(":")) {
    if (!dir) continue;
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return null;
}
