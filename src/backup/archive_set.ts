/**
 * The archives a job has written: files in the output directory whose names match the
 * job's output template, with the time each was made. Retention only ever looks at these.
 * @module
 */
import { baseName } from "../util/paths.ts";
import type { Snapshot } from "./retention.ts";
import type { Store } from "../store/store.ts";

/**
 * A regular expression matching the file names `template` produces for `job`, with or
 * without the run number {@linkcode withRunNumber} adds. Pure.
 */
export function templatePattern(template: string, job: string, host: string): RegExp {
  const [stem, extension] = _split(baseName(template));
  const source = _literal(stem)
    .replaceAll("\\{job\\}", _literal(job))
    .replaceAll("\\{host\\}", _literal(host))
    .replaceAll("\\{date\\}", "(?<date>\\d{4}-\\d{2}-\\d{2})")
    .replaceAll("\\{time\\}", "(?<time>\\d{6})");
  return new RegExp(`^${source}(?:\\+(?<run>\\d+))?${_literal(extension)}$`);
}

/**
 * `path` (rendered from `template`) with a run number before its extension, for a second
 * run whose rendered name is taken: `home-2026-12-03.tar.zst` becomes
 * `home-2026-12-03+2.tar.zst` (a "+" no job name has). Pure.
 */
export function withRunNumber(path: string, template: string, run: number): string {
  const [, extension] = _split(baseName(template));
  const stem = path.slice(0, path.length - extension.length);
  return `${stem}+${run}${extension}`;
}

/** A template's base name cut before its extension: the first "." after the last "}". */
function _split(base: string): [string, string] {
  const dot = base.indexOf(".", base.lastIndexOf("}") + 1);
  return dot < 0 ? [base, ""] : [base.slice(0, dot), base.slice(dot)];
}

function _literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The time encoded in a matching name ({date} and {time}, UTC), if the template has one. Pure. */
export function timeFromName(match: RegExpExecArray): Date | undefined {
  const { date, time } = match.groups ?? {};
  if (!date) return undefined;
  const t = time ?? "000000";
  const d = new Date(`${date}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** An archive of the job in its store. */
export interface JobArchive extends Snapshot {
  /** Absolute path, or URL. */
  path: string;
  /** Its size in bytes. */
  size?: number;
}

/**
 * Lists the job's archives in directory `dir` of `store` (the directory of the rendered
 * output: a path, or a key prefix ending in "/"), oldest first. Time comes from the name
 * when the template has {date}, else from the object's modification time. Partial files,
 * manifests, deeper keys and anything else are ignored.
 */
export async function listJobArchives(
  store: Store,
  dir: string,
  template: string,
  job: string,
  host: string,
): Promise<JobArchive[]> {
  const pattern = templatePattern(template, job, host);
  const prefix = dir === "" || dir.endsWith("/") ? dir : `${dir}/`;
  const out: (JobArchive & { run: number })[] = [];
  for (const o of await store.list(prefix)) {
    const name = o.key.slice(prefix.length);
    const m = name.includes("/") ? null : pattern.exec(name);
    if (!m) continue;
    const time = timeFromName(m) ?? o.modified;
    out.push({
      id: name,
      path: store.describe(o.key),
      time,
      size: o.size,
      run: Number(m.groups?.run ?? 1),
    });
  }
  return out.sort((a, b) =>
    a.time.getTime() - b.time.getTime() || a.run - b.run || (a.id < b.id ? -1 : 1)
  ).map(({ run: _, ...a }) => a);
}
