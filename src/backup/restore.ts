/**
 * `tarz restore`: rebuilds a job's sources as they were at a given time, from the full
 * archive and the incrementals after it, honouring the deletions each incremental records.
 * Every archive goes through the safe extractor; deletions are confined to the destination
 * and never follow a link.
 * @module
 */
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { TarzError, UsageError } from "../errors.ts";
import { extractArchive } from "../extract/extract_archive.ts";
import { sanitizePath } from "../extract/safe_path.ts";
import { openArchive } from "../read/open_archive.ts";
import { readMembers } from "../read/read_members.ts";
import {
  type ChainLink,
  INCREMENTAL_MEMBER,
  type IncrementalRecord,
  restoreChain,
} from "./incremental.ts";
import { jobArchives, readSnapshot, stateDir } from "./run_backup.ts";

/** Options for {@linkcode restoreJob}. */
export interface RestoreOptions {
  /** Where to restore to. */
  dest: string;
  /** The moment to restore (default: now): the newest state made at or before it. */
  at?: Date;
  /** age identities, for encrypted archives. */
  identities?: string[];
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
  const chain = _chainAt(loaded, name, job, at);
  if (chain.length === 0) {
    throw new UsageError(
      `Job "${name}" has no archive made at or before ${at.toISOString()}`,
      "run tarz backup first, or pick a later --at",
    );
  }
  for (const link of chain) {
    try {
      Deno.statSync(link.archive);
    } catch {
      throw new TarzError(
        `Cannot restore ${name}: ${link.archive}, needed by the chain, is missing`,
      );
    }
  }
  const summary: RestoreSummary = { applied: [], files: 0, deleted: 0 };
  for (const link of chain) {
    const record = link.kind === "incremental"
      ? await _record(link.archive, options.identities)
      : undefined;
    const r = await extractArchive({
      archive: link.archive,
      dest: options.dest,
      overwrite: "always",
      exclude: [INCREMENTAL_MEMBER],
      identities: options.identities,
      onWarning: options.onWarning,
    });
    summary.files += r.files;
    for (const path of record?.deleted ?? []) {
      if (_remove(options.dest, path)) summary.deleted++;
    }
    summary.applied.push(link.archive);
  }
  return summary;
}

function _chainAt(loaded: LoadedConfig, name: string, job: JobConfig, at: Date): ChainLink[] {
  const state = readSnapshot(`${stateDir(loaded)}/${name}.snapshot.json`);
  if (job.incremental && state) return restoreChain(state.chain, at);
  // plain jobs: the newest archive made at or before `at`
  const newest = jobArchives(loaded, name, job).findLast((a) => a.time.getTime() <= at.getTime());
  return newest ? [{ archive: newest.path, kind: "full", time: newest.time.toISOString() }] : [];
}

/** Reads the deletion record, the first member of an incremental archive. */
async function _record(archive: string, identities?: string[]): Promise<IncrementalRecord> {
  const opened = await openArchive(archive, undefined, identities);
  for await (const m of readMembers(opened, archive)) {
    if (m.entry.path !== INCREMENTAL_MEMBER) break;
    return JSON.parse(new TextDecoder().decode(await m.bytes()));
  }
  throw new TarzError(
    `${archive} is not an incremental archive of tarz (no ${INCREMENTAL_MEMBER})`,
  );
}

/** Removes `path` under `dest` if it is there, refusing to pass through a link. */
function _remove(dest: string, path: string): boolean {
  const safe = sanitizePath(path);
  if (!safe.ok) return false;
  let dir = dest;
  for (const part of safe.parts.slice(0, -1)) {
    dir = `${dir}/${part}`;
    try {
      const st = Deno.lstatSync(dir);
      if (!st.isDirectory) return false; // a link or a file: nothing of ours lies below
    } catch {
      return false;
    }
  }
  try {
    Deno.removeSync(`${dest}/${safe.parts.join("/")}`, { recursive: true });
    return true;
  } catch {
    return false;
  }
}
