/**
 * `tarz restore`: rebuilds a job's sources as they were at a given time, from the full
 * archive and the incrementals after it, honouring the deletions each incremental records.
 * Every archive goes through the safe extractor; deletions are confined to the destination
 * and never follow a link.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { TarzError, UsageError } from "../errors.ts";
import { extractArchive } from "../extract/extract_archive.ts";
import { openArchive } from "../read/open_archive.ts";
import { readMembers } from "../read/read_members.ts";
import {
  type ChainCandidate,
  type ChainStep,
  deletionTarget,
  findChain,
  parseRecord,
} from "./find_chain.ts";
import { type ChainLink, INCREMENTAL_MEMBER, type IncrementalRecord } from "./incremental.ts";
import { jobArchives, snapshotPathOf } from "./job_files.ts";
import { readSnapshotFile } from "./snapshot_file.ts";
import { type MemberMatcher, memberMatcher } from "../rules/member_match.ts";
import { removeName, statName } from "../walk/fs_names.ts";

/** Options for {@linkcode restoreJob}. */
export interface RestoreOptions {
  /** Where to restore to. */
  dest: string;
  /** The moment to restore (default: now): the newest state made at or before it. */
  at?: Date;
  /** age identities, for encrypted archives. */
  identities?: string[];
  /** Settings of the store the archives are in (the job's `storage`). */
  storage?: StorageSettings;
  /** Restore another machine's archives: the `{host}` its output template was filled with. */
  host?: string;
  /**
   * Restore what was saved, as GNU tar does for root: every mode bit, owners by name then
   * id when run as root, and links wherever they point. Off, the archives get extract's
   * safety rules. Files are never written through links either way.
   * @default {true}
   */
  trusted?: boolean;
  /**
   * Restore only these paths (as in the backup; a directory with its contents, wildcards as
   * extract's member arguments): each archive of the chain, and each deletion it records,
   * applied to them alone.
   */
  include?: string[];
  onWarning?: (message: string) => void;
}

/** What a restore did. */
export interface RestoreSummary {
  /** The archives applied, in order. */
  applied: string[];
  files: number;
  deleted: number;
}

/** Restores a job into `options.dest`. */
export async function restoreJob(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const at = options.at ?? new Date();
  // every deletion record is read and checked before anything is written
  const chain = await jobChain(loaded, name, job, at, options.identities, options.host);
  if (chain.length === 0) {
    throw new UsageError(
      `Job "${name}" has no archive made at or before ${at.toISOString()}`,
      "back up first, or restore a later point in time",
      { remedy: "restore-later" },
    );
  }
  return await applyChain(chain, { storage: job.storage, ...options });
}

/**
 * Applies a chain from {@linkcode jobChain} into `options.dest`, oldest first: each archive
 * through the extractor, then the deletions its record lists (`options.at` is not used).
 */
export async function applyChain(
  chain: ChainStep[],
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const summary: RestoreSummary = { applied: [], files: 0, deleted: 0 };
  const include = options.include?.length ? memberMatcher(options.include) : undefined;
  // a path is missing only if no archive of the chain has it
  let missing: Set<string> | undefined;
  for (const step of chain) {
    const r = await extractArchive({
      archive: step.path,
      dest: options.dest,
      overwrite: "always",
      members: options.include,
      exclude: [INCREMENTAL_MEMBER],
      identities: options.identities,
      storage: options.storage,
      trusted: options.trusted ?? true,
      // the chain as a whole says what is not there, below
      onWarning: (m) => !m.endsWith(": not found in the archive") && options.onWarning?.(m),
    });
    summary.files += r.files;
    missing = new Set(r.notFound.filter((p) => !missing || missing.has(p)));
    for (const path of step.record?.deleted ?? []) {
      const target = deletionTarget(path);
      if (!target.ok) {
        options.onWarning?.(
          `${step.path} lists the deletion of ${JSON.stringify(path)}, refused: ${target.reason}`,
        );
        continue;
      }
      for (const parts of _deletionsWithin(target.parts, include)) {
        if (_remove(options.dest, parts)) summary.deleted++;
      }
    }
    summary.applied.push(step.path);
  }
  for (const p of missing ?? []) options.onWarning?.(`${p}: not in the backup`);
  return summary;
}

/**
 * What a recorded deletion removes of a restore limited to `include`: all of it when it is
 * inside an included path, the included paths inside it when it is a directory above them,
 * else nothing.
 */
function _deletionsWithin(parts: string[], include?: MemberMatcher): string[][] {
  if (!include) return [parts];
  const path = parts.join("/");
  if (include.matches(path)) return [parts];
  const below: string[][] = [];
  for (const l of include.literals.filter((x) => x.startsWith(`${path}/`))) {
    const t = deletionTarget(l); // the same checks: no "..", nothing absolute
    if (t.ok) below.push(t.parts);
  }
  return below;
}

/**
 * The archives a restore of the job at `at` applies, oldest first, each incremental with
 * its checked deletion record; empty when no archive was made by then.
 */
export async function jobChain(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  at: Date,
  identities?: string[],
  host?: string,
): Promise<ChainStep[]> {
  return findChain(
    await _candidates(loaded, name, job, host),
    at,
    (path) => job.incremental ? _record(path, identities, job.storage) : Promise.resolve(undefined),
  );
}

/** The job's archives, with the exact times of those the snapshot file records. */
async function _candidates(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  host?: string,
): Promise<ChainCandidate[]> {
  let history: ChainLink[] = [];
  try {
    history = readSnapshotFile(snapshotPathOf(loaded, name))?.chain ?? [];
  } catch { /* damaged: the names' and files' own times do */ }
  const times = new Map(history.map((l) => [l.archive, new Date(l.time)]));
  return (await jobArchives(loaded, name, job, undefined, host)).map((a) => ({
    path: a.path,
    time: times.get(a.path) ?? a.time,
  }));
}

/** Reads the deletion record, the first member of an incremental archive, if it has one. */
async function _record(
  archive: string,
  identities?: string[],
  storage?: StorageSettings,
): Promise<IncrementalRecord | undefined> {
  try {
    const opened = await openArchive(archive, undefined, identities, { storage });
    for await (const m of readMembers(opened, archive)) {
      if (m.entry.path !== INCREMENTAL_MEMBER) break;
      return parseRecord(new TextDecoder().decode(await m.bytes()), archive);
    }
    return undefined; // a full archive
  } catch (e) {
    // one archive of several: the message names which
    if (!(e instanceof TarzError) || e.message.includes(archive)) throw e;
    throw new TarzError(`${archive}: ${e.message}`, e.exitCode, e.hint, {
      cause: e,
      remedy: e.remedy,
    });
  }
}

/** Removes `parts` under `dest` if it is there, refusing to pass through a link. */
function _remove(dest: string, parts: string[]): boolean {
  if (parts.length === 0) return false; // never the destination itself
  let dir = dest;
  for (const part of parts.slice(0, -1)) {
    dir = `${dir}/${part}`;
    try {
      const st = statName(dir);
      if (!st.isDirectory) return false; // a link or a file: nothing of ours lies below
    } catch {
      return false;
    }
  }
  try {
    removeName(`${dest}/${parts.join("/")}`); // names that are not UTF-8 too
    return true;
  } catch {
    return false;
  }
}
