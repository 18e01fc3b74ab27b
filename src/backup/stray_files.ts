/**
 * Files in a job's output directory that retention does not take for the job's archives,
 * and why: an archive under an older template, a manifest whose archive is gone, a
 * temporary file. `tarz prune` lists them, so that a changed template never makes old
 * archives vanish from its view without a word.
 * @module
 */
import { jobDirectory } from "./job_files.ts";
import { formatFromName } from "../compress/format.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { jobHost, jobOutput } from "../config/job_options.ts";
import { baseName, dirOf } from "../util/paths.ts";
import { templatePattern } from "./archive_set.ts";
import { isTarzPartial } from "../sink/stale_partials.ts";

/** A file retention leaves out of its view. */
export interface StrayFile {
  name: string;
  why: string;
}

const MANIFEST = /\.manifest\.json(?:\.age)?$/;

/**
 * Why retention of the job whose archive names `own` matches does not consider `name`, or
 * undefined when it does, or when the file is another job's (`others`) or plainly not an
 * archive. `exists` says whether a file of that name is in the directory. Pure.
 */
export function strayReason(
  name: string,
  own: RegExp,
  others: RegExp[],
  template: string,
  exists: (name: string) => boolean,
): string | undefined {
  if (own.test(name) || others.some((p) => p.test(name))) return undefined;
  if (isTarzPartial(name)) {
    return "a temporary file of a write that is running or was killed";
  }
  if (MANIFEST.test(name)) {
    const archive = name.replace(MANIFEST, "");
    if (!own.test(archive)) return undefined; // another job's, or an archive's of elsewhere
    return exists(archive) ? undefined : "a manifest whose archive is gone";
  }
  if (formatFromName(name) === undefined) return undefined;
  return `an archive whose name does not match the output template ${template}`;
}

/** The stray files in the directory (or key prefix) the job's output goes to at `now`. */
export async function strayFiles(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
): Promise<StrayFile[]> {
  const dir = dirOf(jobOutput(loaded, name, job, now));
  const host = jobHost(loaded);
  const own = templatePattern(job.output, name, host);
  // other jobs writing to the same directory: their archives are theirs, not strays
  const others = Object.entries(loaded.config.jobs)
    .filter(([n, j]) => n !== name && dirOf(jobOutput(loaded, n, j, now)) === dir)
    .map(([n, j]) => templatePattern(j.output, n, host));
  const { store, key } = jobDirectory(loaded, name, job, now);
  const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
  const names = (await store.list(prefix)).map((o) => o.key.slice(prefix.length))
    .filter((n) => !n.includes("/")).sort();
  const present = new Set(names);
  const strays: StrayFile[] = [];
  for (const n of names) {
    const why = strayReason(n, own, others, baseName(job.output), (x) => present.has(x));
    if (why) strays.push({ name: n, why });
  }
  return strays;
}
