/**
 * Turns a config job into options for {@linkcode createArchive}: paths resolved against
 * the config's directory, the output template filled in, defaults applied, the rules
 * compiled and the plugins ordered. Command-line values, where given, win.
 * @module
 */
import { isRemote, parseLocation } from "../store/location.ts";
import { type Format, formatFromName } from "../compress/format.ts";
import type { CreateOptions } from "../create/create_archive.ts";
import { UsageError } from "../errors.ts";
import { HookRunner } from "../plugin/hook_runner.ts";
import { VCS_NAMES } from "../rules/exclude_rules.ts";
import { type RuleOrigin, RuleSet, rulesFromText } from "../rules/rule_set.ts";
import type { LoadedConfig } from "./load_config.ts";
import { renderOutput } from "./output_template.ts";
import type { JobConfig } from "./types.ts";
import { resolvePath } from "../util/paths.ts";

/** Builds the rule set for a job: exclude, then include (as `!` rules), then files. */
export function jobRules(job: JobConfig, name: string, dir: string): RuleSet {
  const rules: RuleOrigin[] = [
    ...(job.exclude ?? []).map((pattern, i) => ({
      pattern,
      origin: `jobs.${name}.exclude[${i}]`,
    })),
    ...(job.excludeVcs
      ? VCS_NAMES.map((n) => ({ pattern: n, origin: `jobs.${name}.excludeVcs` }))
      : []),
  ];
  for (const file of job.excludeFrom ?? []) {
    const path = resolvePath(dir, file);
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch {
      throw new UsageError(`Cannot read ${path} (jobs.${name}.excludeFrom)`, "check the path");
    }
    rules.push(...rulesFromText(text, file));
  }
  // include comes last so it wins over the excludes (never under an excluded directory)
  rules.push(...(job.include ?? []).map((pattern, i) => ({
    pattern: pattern.startsWith("!") ? pattern : `!${pattern}`,
    origin: `jobs.${name}.include[${i}]`,
  })));
  return new RuleSet().add("", rules);
}

/** The directory a job's sources are relative to. */
export function jobCwd(loaded: LoadedConfig, job: JobConfig): string {
  return resolvePath(loaded.dir, job.cwd ?? ".");
}

/**
 * The `{host}` of output templates: the config's `defaults.host`, else the machine's short
 * hostname (up to its first dot), so that a fleet's archives sort by machine.
 */
export function jobHost(loaded: LoadedConfig): string {
  return loaded.config.defaults?.host ?? Deno.hostname().split(".")[0];
}

/**
 * Where a job run at `now` writes its archive: the template filled in, made absolute. A URL
 * (`s3://…`) stays a URL; one with a scheme tarz does not know is refused.
 */
export function jobOutput(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now: Date,
  host: string = jobHost(loaded),
): string {
  const rendered = renderOutput(job.output, { job: name, date: now, host });
  if (isRemote(rendered)) return (parseLocation(rendered), rendered);
  const local = parseLocation(rendered); // file:// URLs become paths
  return resolvePath(loaded.dir, local.kind === "local" ? local.path : rendered);
}

/** Everything about a job that `create` needs, with `overrides` (the CLI's) applied. */
export function jobOptions(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  overrides: Partial<CreateOptions>,
  warn: (message: string) => void,
  now = new Date(),
): CreateOptions & { plugins: HookRunner } {
  const defaults = loaded.config.defaults ?? {};
  const cwd = jobCwd(loaded, job);
  const output = overrides.output ?? jobOutput(loaded, name, job, now);
  return {
    sources: overrides.sources?.length ? overrides.sources : job.sources,
    cwd,
    output,
    // an output named on the command line says its format, as it would without a config
    format: overrides.format ??
      (overrides.output && overrides.output !== "-"
        ? formatFromName(overrides.output)
        : undefined) ??
      (job.format ?? defaults.format) as Format | undefined,
    level: overrides.level ?? job.level ?? defaults.level,
    threads: overrides.threads ?? job.threads ?? defaults.threads,
    reproducible: overrides.reproducible || (job.reproducible ?? defaults.reproducible),
    excludeCaches: job.excludeCaches,
    recipients: overrides.recipients?.length ? overrides.recipients : job.encrypt?.recipients,
    dereference: overrides.dereference || job.followSymlinks,
    rules: jobRules(job, name, loaded.dir),
    plugins: new HookRunner(job.plugins, warn),
    job: name,
    ...Object.fromEntries(
      Object.entries(overrides).filter(([k, v]) =>
        v !== undefined && !["sources", "output", "format", "level", "threads"].includes(k)
      ),
    ),
  };
}
