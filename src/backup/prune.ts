/**
 * Retention applied to a job's archives, wherever they are. `tarz prune`, `tarz prune --dry-run` and
 * the retention step of `tarz backup` all go through {@linkcode pruneJob}, so what a dry run
 * lists is what a real run removes.
 * @module
 */
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { manifestPathOf } from "../read/manifest_file.ts";
import type { JobArchive } from "./archive_set.ts";
import type { ChainLink, SnapshotState } from "./incremental.ts";
import { baseName } from "../util/paths.ts";
import { jobArchives, snapshotPathOf } from "./job_files.ts";
import { keepChains } from "./keep_chains.ts";
import { storeFor } from "../store/store_for.ts";
import { applyRetention, type RetentionDecision } from "./retention.ts";
import { readSnapshotFile, SnapshotError, writeSnapshotFile } from "./snapshot_file.ts";

/** Options for {@linkcode pruneJob}. */
export interface PruneOptions {
  /** The clock, for the output directory (default: now). */
  now?: Date;
  /** Only decide; remove nothing. @default {false} */
  dryRun?: boolean;
  /** Problems that don't stop the prune, such as a damaged snapshot file. */
  onWarning?: (message: string) => void;
  /**
   * An archive a run is about to write (for `backup --dry-run`): decided as if it were on
   * disk and in the snapshot file. Only with `dryRun`.
   */
  pending?: ChainLink;
}

/**
 * Decides which of the job's archives retention keeps (whole chains, see
 * {@linkcode keepChains}) and, unless `dryRun`, removes the rest with their manifests and
 * drops them from the snapshot file. Returns the decisions, newest first.
 */
export async function pruneJob(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  { now = new Date(), dryRun = false, onWarning, pending }: PruneOptions = {},
): Promise<RetentionDecision<JobArchive>[]> {
  if (pending && !dryRun) throw new TypeError("pruneJob: pending is only for a dry run");
  const snapshotPath = snapshotPathOf(loaded, name);
  let state: SnapshotState | undefined;
  try {
    state = readSnapshotFile(snapshotPath);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    onWarning?.(`${e.message}; every archive it would name is kept as a possible chain`);
  }
  const archives = await jobArchives(loaded, name, job, now);
  const history = [...state?.chain ?? []];
  if (pending) {
    archives.push({ id: baseName(pending.archive), path: pending.archive, time: now });
    history.push(pending);
  }
  const decisions = keepChains(
    applyRetention(archives, job.retention ?? {}),
    history,
    job.incremental !== undefined,
  );
  if (dryRun) return decisions;
  const removed = new Set<string>();
  for (const d of decisions) {
    if (d.keep) continue;
    await _remove(d.snapshot.path, job);
    await _remove(manifestPathOf(d.snapshot.path), job);
    removed.add(d.snapshot.path);
  }
  if (state && removed.size) {
    writeSnapshotFile(snapshotPath, {
      ...state,
      chain: state.chain.filter((l) => !removed.has(l.archive)),
    });
  }
  return decisions;
}

/** Removes an archive or its manifest (gone already is fine), wherever it is. */
async function _remove(path: string, job: JobConfig): Promise<void> {
  const { store, key } = storeFor(path, job.storage);
  await store.remove(key); // an environment fault (permissions, read-only) goes on: the CLI names it
}
