/**
 * The depth-first walker: each directory, then its contents in byte order of their names.
 * It applies exclude rules while walking, so an excluded directory is never read.
 * Synchronous on purpose: lstat and readdir of small trees are latency-bound, and the sync
 * calls are several times faster under Deno than awaited async ones (see docs/design.md).
 * @module
 */
import type { ExcludeMatcher, ExcludeRule } from "../rules/exclude_rules.ts";
import { describeReadError } from "../util/fs_errors.ts";
import { joinPath, toArchivePath } from "./archive_path.ts";
import { listNames, openablePath, readLinkName, statName } from "./fs_names.ts";
import type { RawFileInfo } from "../util/libc.ts";

/** Kinds of file system object the walker reports. */
export type WalkType =
  | "file"
  | "directory"
  | "symlink"
  | "char-device"
  | "block-device"
  | "fifo"
  | "socket";

/**
 * The metadata the planner needs: a slim copy of `Deno.FileInfo`, whose full objects
 * would cost about 1 KiB per path on large trees.
 */
export type WalkStat = Pick<
  Deno.FileInfo,
  "size" | "mode" | "mtime" | "uid" | "gid" | "dev" | "ino" | "nlink" | "rdev"
>;

/** One file system object found by the walker. */
export interface WalkItem {
  /** Relative path inside the archive. */
  archivePath: string;
  /** Path to read it from. */
  fsPath: string;
  type: WalkType;
  info: WalkStat;
  /** Symlink target, for symlinks. */
  linkTarget?: string;
}

/** What a {@linkcode WalkOptions.filter} sees for each path below a source. */
export interface WalkContext {
  archivePath: string;
  /** The path relative to the source it was found under. */
  relPath: string;
  fsPath: string;
  type: WalkType;
  info: WalkStat;
}

/** A filter's verdict; `rule` names what decided, for `--dry-run -v` and `explain`. */
export interface WalkVerdict {
  included: boolean;
  rule?: ExcludeRule;
}

/** Options for {@linkcode walk}. */
export interface WalkOptions {
  /**
   * Directory that relative sources are resolved against.
   * @default {"."}
   */
  cwd?: string;
  /**
   * Follow symlinks and archive what they point to.
   * @default {false}
   */
  dereference?: boolean;
  /** Decides which paths are left out. */
  exclude?: ExcludeMatcher;
  /**
   * Decides paths below each source (sources themselves are always taken). It runs after
   * `exclude`; an excluded directory is not entered. Undefined means included.
   */
  filter?: (ctx: WalkContext) => WalkVerdict | undefined;
  /** Called for paths a filter rule explicitly included (e.g. a `!pattern`). */
  onIncluded?: (archivePath: string, rule: ExcludeRule) => void;
  /** Called for every excluded path with the rule that excluded it. */
  onExcluded?: (archivePath: string, rule: ExcludeRule) => void;
  /** Called for paths that cannot be read; the walk goes on. */
  onWarning?: (message: string) => void;
  /** Called for notes such as a stripped leading `/`. */
  onNote?: (message: string) => void;
  /** Returns true for fs paths that must never be archived (the output itself). */
  skip?: (fsPath: string, info: RawFileInfo) => boolean;
}

/** Thrown when a source given on the command line does not exist. */
export class SourceNotFoundError extends Error {
  override name = "SourceNotFoundError";
  constructor(readonly source: string) {
    super(`Cannot archive ${source}: no such file or directory`);
  }
}

/**
 * Walks `sources` and returns every item in archive order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { walk } from "./walker.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * const items = walk(["."], { cwd: dir });
 * assert.ok(items[0].archivePath === "a.txt");
 * ```
 */
export function walk(sources: string[], options: WalkOptions = {}): WalkItem[] {
  return [...walkLazily(sources, options)];
}

/**
 * Like {@linkcode walk}, but yields items one at a time, so a caller that keeps only what
 * it needs never holds the whole walk. Sources are checked before it returns.
 */
export function walkLazily(sources: string[], options: WalkOptions = {}): Generator<WalkItem> {
  const cwd = options.cwd ?? ".";
  const roots: { fsPath: string; archivePath: string }[] = [];
  for (const source of sources) {
    const fsPath = source.startsWith("/") ? source : joinPath(cwd, source);
    try {
      statName(fsPath);
    } catch {
      throw new SourceNotFoundError(source);
    }
    const { path, note } = toArchivePath(source);
    if (note) options.onNote?.(note);
    roots.push({ fsPath, archivePath: path });
  }
  return (function* () {
    for (const root of roots) {
      yield* _visit(root.fsPath, root.archivePath, root.archivePath, options);
    }
  })();
}

function* _visit(
  fsPath: string,
  archivePath: string,
  rootPath: string,
  options: WalkOptions,
): Generator<WalkItem> {
  let info: RawFileInfo;
  try {
    info = statName(fsPath, options.dereference);
  } catch (e) {
    if (options.dereference) {
      try {
        info = statName(fsPath);
      } catch {
        options.onWarning?.(`${archivePath || fsPath}: vanished before it could be read`);
        return;
      }
    } else {
      options.onWarning?.(`${archivePath || fsPath}: ${describeReadError(e)}`);
      return;
    }
  }
  if (archivePath !== "") {
    const rule = options.exclude?.(archivePath);
    if (rule) {
      options.onExcluded?.(archivePath, rule);
      return;
    }
    if (options.skip?.(fsPath, info)) return;
  }
  const type = _typeOf(info);
  const { size, mode, mtime, uid, gid, dev, ino, nlink, rdev } = info;
  const stat = { size, mode, mtime, uid, gid, dev, ino, nlink, rdev };
  if (options.filter && archivePath !== rootPath) {
    const relPath = rootPath === "" ? archivePath : archivePath.slice(rootPath.length + 1);
    const verdict = options.filter({ archivePath, relPath, fsPath, type, info: stat });
    if (verdict?.rule) {
      if (verdict.included) options.onIncluded?.(archivePath, verdict.rule);
      else options.onExcluded?.(archivePath, verdict.rule);
    }
    if (verdict && !verdict.included) return;
  }
  const item: WalkItem = { archivePath, fsPath, type, info: stat };
  if (type === "file") {
    try {
      item.fsPath = openablePath(fsPath); // a name that is not UTF-8 opens through a link
    } catch (e) {
      options.onWarning?.(`${archivePath}: ${describeReadError(e)}; skipped`);
      return;
    }
  }
  if (type === "symlink") {
    try {
      item.linkTarget = readLinkName(fsPath);
    } catch (e) {
      options.onWarning?.(`${archivePath}: cannot read link: ${describeReadError(e)}`);
      return;
    }
  }
  if (archivePath !== "") yield item;
  if (type !== "directory") return;
  let names: string[];
  try {
    names = listNames(fsPath);
  } catch (e) {
    options.onWarning?.(`${archivePath || fsPath}: cannot list directory: ${describeReadError(e)}`);
    return;
  }
  names.sort(_byteOrder);
  for (const name of names) {
    yield* _visit(
      joinPath(fsPath, name),
      archivePath === "" ? name : `${archivePath}/${name}`,
      rootPath,
      options,
    );
  }
}

function _typeOf(info: RawFileInfo): WalkType {
  if (info.isFile) return "file";
  if (info.isDirectory) return "directory";
  if (info.isSymlink) return "symlink";
  if (info.isCharDevice) return "char-device";
  if (info.isBlockDevice) return "block-device";
  if (info.isFifo) return "fifo";
  return "socket";
}

function _byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
