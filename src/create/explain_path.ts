/**
 * `tarz explain`: whether one path goes into the archive, and which rule decided, using
 * the very filter the walk uses (entry_filter.ts) on the path and on each directory above
 * it, since the walk never enters an excluded directory.
 * @module
 */
import { tryStatName } from "../walk/fs_names.ts";
import type { ExcludeRule } from "../rules/exclude_rules.ts";
import type { WalkContext, WalkType, WalkVerdict } from "../walk/walker.ts";
import { toArchivePath } from "../walk/archive_path.ts";
import { resolvePath } from "../util/paths.ts";

/** The answer for one path. */
export interface Explanation {
  /** The path inside the archive, when it is under a source. */
  archivePath?: string;
  included: boolean;
  /** The rule that decided, if one did. */
  rule?: ExcludeRule;
  /** The directory whose exclusion decided, when it was not the path itself. */
  via?: string;
  /** Set when the path is outside every source. */
  outside?: boolean;
}

/**
 * Explains `path` (relative to `cwd`, or absolute) for a job archiving `sources` from
 * `cwd` with `filter`.
 */
export function explainPath(
  path: string,
  sources: string[],
  cwd: string,
  filter: ((ctx: WalkContext) => WalkVerdict | undefined) | undefined,
): Explanation {
  const abs = resolvePath(cwd, path);
  for (const source of sources) {
    const root = resolvePath(cwd, source);
    if (abs !== root && !abs.startsWith(root === "/" ? "/" : `${root}/`)) continue;
    const rootArchive = toArchivePath(source).path;
    const rel = abs === root ? "" : abs.slice(root.length + (root === "/" ? 0 : 1));
    const parts = rel === "" ? [] : rel.split("/");
    const archive = (n: number) =>
      [rootArchive, ...parts.slice(0, n)].filter((p) => p !== "").join("/");
    for (let i = 1; i <= parts.length; i++) {
      const relPath = parts.slice(0, i).join("/");
      const fsPath = `${root}/${relPath}`;
      const info = tryStatName(fsPath);
      const type: WalkType = info?.isDirectory ? "directory" : info?.isSymlink ? "symlink" : "file";
      const verdict = filter?.({
        archivePath: archive(i),
        relPath,
        fsPath,
        type: i < parts.length ? "directory" : type,
        info: info ??
          { size: 0, mode: 0o644, mtime: null, uid: 0, gid: 0, dev: 0, ino: 0, nlink: 1, rdev: 0 },
      });
      if (verdict && !verdict.included) {
        return {
          archivePath: archive(parts.length),
          included: false,
          rule: verdict.rule,
          via: i < parts.length ? archive(i) : undefined,
        };
      }
      if (i === parts.length) {
        return { archivePath: archive(i), included: true, rule: verdict?.rule };
      }
    }
    return { archivePath: archive(0), included: true };
  }
  return { included: false, outside: true };
}
