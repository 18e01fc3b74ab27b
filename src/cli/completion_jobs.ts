/**
 * The job names that shell completion offers, kept in a cache file per config
 * (`~/.cache/tarz/jobs/<config path, with "/" as %2F>`), so that only the first TAB after a
 * change of the config starts tarz. `tarz __jobs` fills it.
 * @module
 */
import { writeTextAtomically } from "../sink/atomic_text.ts";

/** Where the job names of the config at the absolute path `config` are kept. */
export function jobCachePath(config: string, env: (k: string) => string | undefined): string {
  const base = env("XDG_CACHE_HOME") || `${env("HOME") ?? "."}/.cache`;
  return `${base}/tarz/jobs/${config.replaceAll("%", "%25").replaceAll("/", "%2F")}`;
}

/** Writes the job names for `config`, one a line. */
export function writeJobCache(config: string, jobs: string[]): void {
  const path = jobCachePath(config, (k) => Deno.env.get(k));
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  writeTextAtomically(path, jobs.map((j) => `${j}\n`).join(""));
}
