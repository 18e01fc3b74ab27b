/**
 * Where a job's files are: its state directory (status, lock and snapshot files) and the
 * archives it has written.
 * @module
 */
import { jobHost, jobOutput } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { dirOf, resolvePath } from "../util/paths.ts";
import { type JobArchive, listJobArchives, withRunNumber } from "./archive_set.ts";
import { tryStatName } from "../walk/fs_names.ts";
import { isRemote, parseLocation, splitLocation } from "../store/location.ts";
import { type StorageSettings, storeFor } from "../store/store_for.ts";
import type { Store } from "../store/store.ts";

/** The directory holding status files and locks. */
export function stateDir(loaded: LoadedConfig): string {
  return resolvePath(loaded.dir, loaded.config.defaults?.stateDir ?? ".tarz-state");
}

/** The job's snapshot file, which lists its archives and their chains. */
export function snapshotPathOf(loaded: LoadedConfig, name: string): string {
  return `${stateDir(loaded)}/${name}.snapshot.json`;
}

/**
 * The job's archives, oldest first, in the directory (or key prefix) its output goes to at
 * `now`, wherever that is.
 */
export async function jobArchives(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
  host: string = jobHost(loaded),
): Promise<JobArchive[]> {
  const { store, key } = jobDirectory(loaded, name, job, now, host);
  return await listJobArchives(store, key, job.output, name, host);
}

/** The store and directory (a path, or a key prefix) the job's output goes to at `now`. */
export function jobDirectory(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
  host: string = jobHost(loaded),
): { store: Store; key: string } {
  const output = jobOutput(loaded, name, job, now, host);
  if (!isRemote(output)) return { store: storeFor(output, job.storage).store, key: dirOf(output) };
  const { dir } = splitLocation(parseLocation(output));
  return storeFor(dir, job.storage);
}

/**
 * `output` if nothing has that name yet, else the first free name with a run number
 * (`…+2.tar.zst`): a second run in the same day (or second) of a template without {time}
 * gets an archive of its own instead of failing.
 */
export async function unusedOutput(
  output: string,
  template: string,
  storage?: StorageSettings,
): Promise<string> {
  const taken = async (candidate: string) => {
    if (!isRemote(candidate)) return tryStatName(candidate) !== null;
    const { store, key } = storeFor(candidate, storage);
    return (await store.stat(key)) !== null;
  };
  let candidate = output;
  for (let run = 2; await taken(candidate); run++) {
    candidate = withRunNumber(output, template, run);
  }
  return candidate;
}
