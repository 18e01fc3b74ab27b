/**
 * Finding, loading and validating `tarz.config.ts`, and picking a job from it.
 * @module
 */
import { UsageError } from "../errors.ts";
import type { Builtins } from "./module_loader.ts";
import { unknownPlaceholders } from "./output_template.ts";
import { dirOf } from "../util/paths.ts";
import type { JobConfig, TarzConfig } from "./types.ts";
import { ConfigError } from "./config_error.ts";

/** The default config file name, looked for in the working directory. */
export const CONFIG_NAME = "tarz.config.ts";

/** A loaded, valid config. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its directory: relative paths in the config are relative to it. */
  dir: string;
  config: TarzConfig;
}

/** Resolves `--config PATH`, or `./tarz.config.ts`; a missing file is a usage error. */
export function findConfig(explicit?: string, cwd = Deno.cwd()): string {
  const path = _absolute(explicit ?? CONFIG_NAME, cwd);
  try {
    if (Deno.statSync(path).isFile) return path;
  } catch { /* reported below */ }
  throw new UsageError(
    explicit ? `Cannot read config ${explicit}: no such file` : `No ${CONFIG_NAME} in ${cwd}`,
    explicit ? "check the config's path" : "write one, or name another config",
    { remedy: explicit ? "config-path" : "config-init" },
  );
}

/**
 * Loads and validates a config file. The loader (sucrase), the validator (zod) and the
 * schedule parser (croner) are loaded here, on first use, so that commands run without a
 * config never load them. The specifiers are literals: `deno compile` includes them.
 */
export async function loadConfig(file: string, builtins: Builtins): Promise<LoadedConfig> {
  const [{ loadModule }, { validateConfig }, { scheduleProblem }] = await Promise.all([
    import("./module_loader.ts"),
    import("./validate_config.ts"),
    import("../backup/schedule.ts"),
  ]);
  const exports = loadModule(file, builtins);
  const source = Deno.readTextFileSync(file);
  const config = validateConfig(exports.default, file, source);
  for (const [name, job] of Object.entries(config.jobs)) {
    if (job.schedule) {
      const problem = scheduleProblem(job.schedule, job.timezone);
      if (problem) {
        throw new ConfigError(
          `${file}: jobs.${name}.schedule: ${problem}`,
          'use cron syntax, e.g. "0 3 * * *" (minute hour day month weekday)',
        );
      }
    }
    const bad = unknownPlaceholders(job.output);
    if (bad.length) {
      throw new ConfigError(
        `${file}: jobs.${name}.output: unknown placeholder {${bad[0]}}`,
        "use {job}, {date}, {time} or {host}",
      );
    }
  }
  return { file, dir: dirOf(file), config };
}

/** Picks a job by name; with no name, the only job. */
export function pickJob(loaded: LoadedConfig, name?: string): [string, JobConfig] {
  const names = Object.keys(loaded.config.jobs);
  if (name === undefined) {
    if (names.length === 1) return [names[0], loaded.config.jobs[names[0]]];
    throw new UsageError(
      `${loaded.file} has ${names.length} jobs; say which`,
      `its jobs: ${names.join(", ") || "(none)"}`,
      { remedy: "job-name" },
    );
  }
  const job = loaded.config.jobs[name];
  if (!job) {
    throw new UsageError(
      `${loaded.file} has no job "${name}"`,
      names.length ? `its jobs: ${names.join(", ")}` : "add one under jobs: { ... }",
    );
  }
  return [name, job];
}

function _absolute(path: string, cwd: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}
