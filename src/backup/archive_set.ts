/**
 * The archives a job has written: files in the output directory whose names match the
 * job's output template, with the time each was made. Retention only ever looks at these.
 * @module
 */
import { baseName } from "../util/paths.ts";
import type { Snapshot } from "./retention.ts";

/** A regular expression matching the file names `template` produces for `job`. Pure. */
export function templatePattern(template: string, job: string, host: string): RegExp {
  const base = baseName(template);
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const source = escaped
    .replaceAll("\\{job\\}", _literal(job))
    .replaceAll("\\{host\\}", _literal(host))
    .replaceAll("\\{date\\}", "(?<date>\\d{4}-\\d{2}-\\d{2})")
    .replaceAll("\\{time\\}", "(?<time>\\d{6})");
  return new RegExp(`^${source}$`);
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

/** An archive of the job on disk. */
export interface JobArchive extends Snapshot {
  /** Absolute path. */
  path: string;
}

/**
 * Lists the job's archives in `dir` (the directory of the rendered output), oldest first.
 * Time comes from the name when the template has {date}, else from the file's mtime.
 * Partial files, manifests and anything else are ignored.
 */
export function listJobArchives(
  dir: string,
  template: string,
  job: string,
  host: string,
): JobArchive[] {
  const pattern = templatePattern(template, job, host);
  const out: JobArchive[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!e.isFile) continue;
    const m = pattern.exec(e.name);
    if (!m) continue;
    const path = `${dir}/${e.name}`;
    const time = timeFromName(m) ?? Deno.statSync(path).mtime ?? new Date(0);
    out.push({ id: e.name, path, time });
  }
  return out.sort((a, b) => a.time.getTime() - b.time.getTime() || (a.id < b.id ? -1 : 1));
}
