/**
 * What the config-driven commands (`backup`, `prune`, `restore`, `status`) take from the
 * command line and the environment alike: the jobs named, and the clock.
 * @module
 */
import { type LoadedConfig, pickJob } from "../config/load_config.ts";
import { UsageError } from "../errors.ts";

/** The jobs `names` asks for: every job when none is named; a missing one is a usage error. */
export function jobNames(loaded: LoadedConfig, names: string[]): string[] {
  if (names.length === 0) return Object.keys(loaded.config.jobs);
  for (const n of names) pickJob(loaded, n); // names a missing job clearly
  return names;
}

/**
 * The clock: TARZ_NOW (an ISO time, for tests and backfills) fixes "now" for output names,
 * retention and status; otherwise the real time.
 */
export function clock(): () => Date {
  const fixed = Deno.env.get("TARZ_NOW");
  if (!fixed) return () => new Date();
  const t = new Date(fixed);
  if (Number.isNaN(t.getTime())) {
    throw new UsageError(
      `TARZ_NOW is not a time: "${fixed}"`,
      "use ISO 8601, e.g. 2026-01-02T03:00:00Z",
    );
  }
  return () => t;
}
