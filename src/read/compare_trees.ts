/**
 * Compares a tree with the same paths elsewhere on disk, the way `verify --against`
 * compares an archive's members: type, size, mode, mtime (seconds), link target and
 * content of everything under `tree`. Paths only on the other side are not differences
 * (sources hold what the rules excluded).
 * @module
 */
import { listNames, openablePath, readLinkName, statName } from "../walk/fs_names.ts";
import type { RawFileInfo } from "../util/libc.ts";
import { createHash } from "node:crypto";
import type { Difference } from "./verify_archive.ts";

/**
 * Every difference between what lies under `tree` and the same paths under `against`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareTrees } from "./compare_trees.ts";
 * const a = Deno.makeTempDirSync();
 * const b = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${a}/x`, "one");
 * Deno.writeTextFileSync(`${b}/x`, "two");
 * assert.equal((await compareTrees(a, b))[0].what, "content differs");
 * ```
 */
export async function compareTrees(tree: string, against: string): Promise<Difference[]> {
  const differences: Difference[] = [];
  await _walk(tree, "", async (rel, st) => {
    const what = await _compare(`${tree}/${rel}`, st, `${against}/${rel}`);
    if (what) differences.push({ path: rel, what });
  });
  return differences;
}

async function _walk(
  root: string,
  rel: string,
  visit: (rel: string, st: RawFileInfo) => Promise<void>,
): Promise<void> {
  const entries = listNames(rel ? `${root}/${rel}` : root).sort();
  for (const name of entries) {
    const path = rel ? `${rel}/${name}` : name;
    const st = statName(`${root}/${path}`);
    await visit(path, st);
    if (st.isDirectory) await _walk(root, path, visit);
  }
}

async function _compare(path: string, st: RawFileInfo, other: string): Promise<string | null> {
  let ot: RawFileInfo;
  try {
    ot = statName(other);
  } catch {
    return "missing on disk";
  }
  const type = _type(st);
  if (_type(ot) !== type) return `type: restored ${type}, disk ${_type(ot)}`;
  if (type === "symlink") {
    const [a, b] = [readLinkName(path), readLinkName(other)];
    return a === b ? null : `link target: restored ${a}, disk ${b}`;
  }
  const [ma, mb] = [(st.mode ?? 0) & 0o7777, (ot.mode ?? 0) & 0o7777];
  if (ma !== mb) return `mode: restored ${ma.toString(8)}, disk ${mb.toString(8)}`;
  if (type !== "file") return null;
  if (st.size !== ot.size) return `size: restored ${st.size}, disk ${ot.size}`;
  const [ta, tb] = [st, ot].map((s) => Math.floor((s.mtime?.getTime() ?? 0) / 1000));
  if (ta !== tb) return `mtime: restored ${ta}, disk ${tb}`;
  return (await _sha256(path)) === (await _sha256(other)) ? null : "content differs";
}

function _type(st: RawFileInfo): string {
  if (st.isFile) return "file";
  if (st.isDirectory) return "directory";
  if (st.isSymlink) return "symlink";
  return "other";
}

async function _sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  // the stream closes the file at its end
  for await (const c of (await Deno.open(openablePath(path))).readable) hash.update(c);
  return hash.digest("hex");
}
