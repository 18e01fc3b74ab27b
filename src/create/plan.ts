/**
 * Planning: turns walked file system items into tar entries. Pure: hardlink detection by
 * device and inode, reproducible normalisation, and the policy for special files.
 * @module
 */
import { makeEntry, type TarEntry } from "../tar/entry.ts";
import type { OwnerNames } from "../walk/owner_names.ts";
import type { WalkItem } from "../walk/walker.ts";

/** An entry to write, with where its data comes from. */
export interface PlannedEntry {
  /** The tar header to write. */
  entry: TarEntry;
  /** Where to read the data; only for regular files with data. */
  fsPath: string;
  /** Data to store instead of reading `fsPath` (set by a plugin's transformEntry). */
  content?: Uint8Array;
}

/** Options for {@linkcode planEntries}. */
export interface PlanOptions {
  /** Turns ids into user and group names. */
  owners: OwnerNames;
  /**
   * Normalise for byte-identical output: owner 0:0 without names, mtimes clamped.
   * @default {false}
   */
  reproducible?: boolean;
  /** Upper bound for mtimes (SOURCE_DATE_EPOCH or --mtime), in seconds. */
  mtimeClamp?: number;
  /**
   * Archive FIFOs and device nodes instead of skipping them.
   * @default {false}
   */
  specialFiles?: boolean;
}

/** Counts shown by the pre-scan and the summary. */
export interface PlanTotals {
  /** Regular files with their data. */
  files: number;
  /** Directories. */
  directories: number;
  /** Symbolic links. */
  symlinks: number;
  /** Second and later names of hardlinked files. */
  hardlinks: number;
  /** FIFOs and device nodes (with specialFiles). */
  specials: number;
  /** Bytes of file data to read. */
  bytes: number;
}

/** The result of planning. */
export interface Plan {
  /** What to write, in archive order. */
  entries: PlannedEntry[];
  /** Counts for progress and the summary. */
  totals: PlanTotals;
  /** Paths left out, e.g. sockets, with why. */
  warnings: string[];
}

/**
 * Plans the entries for walked items.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planEntries } from "./plan.ts";
 * const plan = planEntries([], { owners: { user: () => "", group: () => "" } });
 * assert.ok(plan.entries.length === 0);
 * ```
 */
export function planEntries(items: Iterable<WalkItem>, options: PlanOptions): Plan {
  const plan: Plan = { entries: [], totals: emptyTotals(), warnings: [] };
  const planned = planLazily(items, options, plan.totals, (w) => plan.warnings.push(w));
  for (const p of planned) plan.entries.push(p);
  return plan;
}

/** Totals of nothing, for {@linkcode planLazily} to add to. */
export function emptyTotals(): PlanTotals {
  return { files: 0, directories: 0, symlinks: 0, hardlinks: 0, specials: 0, bytes: 0 };
}

/**
 * Like {@linkcode planEntries}, one entry at a time as the walk goes on: each entry is
 * counted into `totals` before it is yielded, and each path left out goes to `onWarning`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emptyTotals, planLazily } from "./plan.ts";
 * const totals = emptyTotals();
 * const entries = [...planLazily([], { owners: { user: () => "", group: () => "" } }, totals, () => {})];
 * assert.ok(entries.length === 0 && totals.files === 0);
 * ```
 */
export function* planLazily(
  items: Iterable<WalkItem>,
  options: PlanOptions,
  totals: PlanTotals,
  onWarning: (message: string) => void,
): Generator<PlannedEntry> {
  const seenInodes = new Map<string, string>();
  for (const item of items) {
    const info = item.info;
    if (item.type === "socket") {
      onWarning(`${item.archivePath}: socket skipped (sockets cannot be archived)`);
      continue;
    }
    const special = item.type === "fifo" || item.type === "char-device" ||
      item.type === "block-device";
    if (special && !options.specialFiles) {
      onWarning(`${item.archivePath}: ${item.type} skipped (use --special-files to keep it)`);
      continue;
    }
    let mtime = Math.floor((info.mtime?.getTime() ?? 0) / 1000);
    if (options.mtimeClamp !== undefined && mtime > options.mtimeClamp) {
      mtime = options.mtimeClamp;
    }
    const uid = options.reproducible ? 0 : info.uid ?? 0;
    const gid = options.reproducible ? 0 : info.gid ?? 0;
    const entry = makeEntry(
      {
        path: item.archivePath,
        type: item.type,
        mode: (info.mode ?? 0o644) & 0o7777,
        mtime,
        uid,
        gid,
        uname: options.reproducible ? "" : options.owners.user(uid),
        gname: options.reproducible ? "" : options.owners.group(gid),
      } as Partial<TarEntry> & Pick<TarEntry, "path" | "type">,
    );
    if (item.type === "file") {
      if ((info.nlink ?? 1) > 1 && info.ino !== null) {
        const key = `${info.dev}:${info.ino}`;
        const first = seenInodes.get(key);
        if (first !== undefined) {
          entry.type = "hardlink";
          entry.linkname = first;
          totals.hardlinks++;
          yield { entry, fsPath: item.fsPath };
          continue;
        }
        seenInodes.set(key, item.archivePath);
      }
      entry.size = info.size;
      totals.files++;
      totals.bytes += info.size;
    } else if (item.type === "directory") {
      totals.directories++;
    } else if (item.type === "symlink") {
      entry.linkname = item.linkTarget ?? "";
      totals.symlinks++;
    } else {
      entry.devmajor = (info.rdev ?? 0) >> 8 & 0xfff;
      entry.devminor = ((info.rdev ?? 0) & 0xff) | (((info.rdev ?? 0) >> 12) & 0xfff00);
      totals.specials++;
    }
    yield { entry, fsPath: item.fsPath };
  }
}
