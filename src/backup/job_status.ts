/**
 * `tarz status`: each job at a glance, from its status file, the listing of its archives
 * and its schedule: the last run and its result, the archives and their sizes (with a
 * sparkline of the last 30, so that a backup that shrank shows), the next run, and what is
 * wrong: a failed last run, no success for over twice the schedule's interval, or a newest
 * archive under half the size of the one before. Pure.
 * @module
 */
import type { JobArchive } from "./archive_set.ts";
import type { JobReport } from "./status_report.ts";
import { sparkline } from "./sparkline.ts";
import { formatBytes } from "../progress/format_units.ts";

/** One job's picture. */
export interface JobStatus {
  job: string;
  /** The last run's result, or "never" without a status file. */
  result: JobReport["result"] | "never";
  /** When the last run finished (ISO 8601). */
  lastRun: string | null;
  error: string | null;
  archives: number;
  totalBytes: number;
  newestBytes: number | null;
  /** The sizes of the last 30 archives, oldest first. */
  sizes: number[];
  /** When the newest archive was made (ISO 8601): the last success. */
  lastSuccess: string | null;
  /** The next scheduled run (ISO 8601), if the job has a schedule. */
  nextRun: string | null;
  /** The last run failed. */
  failing: boolean;
  /** No archive for over twice the schedule's interval. */
  stale: boolean;
  /** The newest archive is under half the size of the one before. */
  shrank: boolean;
  /** What is wrong, in words; empty when nothing is. */
  problems: string[];
}

/** What {@linkcode jobStatus} is computed from. */
export interface JobStatusInput {
  job: string;
  report: JobReport | null;
  archives: JobArchive[];
  /** The next two scheduled runs (their gap is the interval); none without a schedule. */
  nextRuns: Date[];
  now: Date;
}

/** The picture of one job. */
export function jobStatus(i: JobStatusInput): JobStatus {
  const sizes = i.archives.map((a) => a.size ?? 0);
  const newest = i.archives.at(-1);
  const lastSuccess = newest?.time ?? null;
  const problems: string[] = [];
  const failing = i.report?.result === "failed";
  if (failing) problems.push(`the last run failed: ${i.report!.error}`);
  let stale = false;
  if (i.nextRuns.length >= 2) {
    const interval = i.nextRuns[1].getTime() - i.nextRuns[0].getTime();
    const since = lastSuccess ? i.now.getTime() - lastSuccess.getTime() : Infinity;
    stale = since > 2 * interval;
    if (stale) {
      problems.push(
        lastSuccess
          ? `no archive for ${_age(since)}, over twice the schedule's ${_age(interval)}`
          : "no archive yet, and the job has a schedule",
      );
    }
  }
  const shrank = sizes.length >= 2 && sizes.at(-1)! < sizes.at(-2)! / 2;
  if (shrank) {
    problems.push(
      `the newest archive (${formatBytes(sizes.at(-1)!)}) is under half the one before (${
        formatBytes(sizes.at(-2)!)
      })`,
    );
  }
  return {
    job: i.job,
    result: i.report?.result ?? "never",
    lastRun: i.report?.finished || null,
    error: i.report?.error ?? null,
    archives: i.archives.length,
    totalBytes: sizes.reduce((n, s) => n + s, 0),
    newestBytes: newest?.size ?? null,
    sizes: sizes.slice(-30),
    lastSuccess: lastSuccess?.toISOString() ?? null,
    nextRun: i.nextRuns[0]?.toISOString() ?? null,
    failing,
    stale,
    shrank,
    problems,
  };
}

/** One line per job (and an indented line per problem), columns aligned. */
export function renderStatus(
  statuses: JobStatus[],
  now: Date,
  next: (s: JobStatus) => string,
): string {
  const rows = statuses.map((s) => [
    s.job,
    s.result,
    s.lastRun ? `${_age(now.getTime() - Date.parse(s.lastRun))} ago` : "never run",
    `${s.archives} archive${s.archives === 1 ? "" : "s"}, ${formatBytes(s.totalBytes)}`,
    s.newestBytes === null ? "" : `newest ${formatBytes(s.newestBytes)}`,
    sparkline(s.sizes),
    s.nextRun ? `next ${next(s)}` : "no schedule",
  ]);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...r[c]].length))) ?? [];
  return statuses.map((s, i) => {
    const line = rows[i].map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
    return [line, ...s.problems.map((p) => `  ! ${p}`)].join("\n");
  }).join("\n") + "\n";
}

/** A span as people say it: "45 s", "12 min", "3 h", "4 d". */
function _age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.round(s / 3600);
  if (h < 48) return `${h} h`;
  return `${Math.round(s / 86400)} d`;
}
