/**
 * Decides whether a symlink target stays inside the destination. Pure over an `isDir`
 * callback, so tests can describe a tree without touching the disk.
 *
 * The target is read exactly as the kernel will read it: on POSIX only `/` separates, and
 * `\` is an ordinary character of a name (`a\b` is one part, never `a` then `b`).
 *
 * The target is resolved lexically from the link's directory. Every `..` must climb out of
 * a part that is a real directory now: directories are never replaced during extraction, so
 * that answer cannot change. A `..` after a part that is missing, a file or a link is
 * refused, since a later member could turn that part into a link and move the `..`
 * elsewhere. Links are only ever created in real directories, so by induction every link
 * tarz creates resolves inside the destination, however they chain.
 * @module
 */

/** Whether the path (parts relative to the destination) is a real directory now. */
export type IsDir = (parts: string[]) => boolean;

/**
 * Returns null when `target`, written in a link at `linkParts`, stays inside; otherwise why not.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkLinkTarget } from "./link_target.ts";
 * const dirs = (p: string[]) => p.join("/") === "a";
 * assert.ok(checkLinkTarget(["a", "l"], "../b", dirs) === null);
 * assert.ok(checkLinkTarget(["l"], "../x", dirs) !== null);
 * ```
 */
export function checkLinkTarget(linkParts: string[], target: string, isDir: IsDir): string | null {
  if (target === "") return "empty link target";
  if (target.startsWith("/")) return `absolute link target ${target}`;
  // harmless on POSIX, but refused: such a link means something else on Windows
  if (/^[A-Za-z]:/.test(target)) return `drive-relative link target ${target}`;
  if (target.includes("\0")) return "link target contains a NUL byte";
  const stack = linkParts.slice(0, -1);
  let certain = stack.length; // parts [0, certain) are real directories
  for (const p of target.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (stack.length === 0) return `link target ${target} points outside the destination`;
      if (stack.length > certain) {
        return `link target ${target} climbs out of a path that is not a directory yet`;
      }
      stack.pop();
      certain = stack.length;
      continue;
    }
    stack.push(p);
    if (certain === stack.length - 1 && isDir(stack)) certain = stack.length;
  }
  return null;
}
