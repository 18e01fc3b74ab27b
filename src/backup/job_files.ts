/**
 * Where a job's files are: its state directory (status, lock and snapshot files) and the
 * archives it has written.
 * @module
 */
import { jobOutput } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { dirOf, resolvePath } from "../util/paths.ts";
import { type JobArchive, listJobArchives, withRunNumber } from "./archive_set.ts";
import { tryStatName } from "../walk/fs_names.ts";

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

/**
 * `output` if no file has that name yet, else the first free name with a run number
 * (`…+2.tar.zst`): a second run in the same day (or second) of a template without {time}
 * gets an archive of its own instead of failing.
 */
export function unusedOutput(output: string, template: string): string {
  let candidate = output;
  for (let run = 2; tryStatName(candidate); run++) {
    candidate = withRunNumber(output, template, run);
  }
  return candidate;
}
