/**
 * Where a job's files are: its state directory (status, lock and snapshot files) and the
 * archives it has written.
 * @module
 */
import { jobOutput } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { dirOf, resolvePath } from "../util/paths.ts";
import { type JobArchive, listJobArchives } from "./archive_set.ts";

/** The directory holding status files and locks. */
export function stateDir(loaded: LoadedConfig): string {
  return resolvePath(loaded.dir, loaded.config.defaults?.stateDir ?? ".tarz-state");
}

/** The job's snapshot file, which lists its archives and their chains. */
export function snapshotPathOf(loaded: LoadedConfig, name: string): string {
  return `${stateDir(loaded)}/${name}.snapshot.json`;
}

/** The job's archives on disk, oldest first (in the directory its output goes to at `now`). */
export function jobArchives(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
): JobArchive[] {
  const dir = dirOf(jobOutput(loaded, name, job, now));
  return listJobArchives(dir, job.output, name, Deno.hostname());
}
