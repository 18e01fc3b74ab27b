/**
 * `tarz status [JOB...]`: one line per job, from its status file, the listing of its
 * archives (wherever they are) and its schedule (backup/job_status.ts). `--json` prints the
 * same. The exit code is for monitoring: 1 when a job's last run failed or it has had no
 * archive for over twice its schedule's interval, 3 when only a newest archive shrank.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { findConfig, loadConfig, type LoadedConfig } from "../../config/load_config.ts";
import { ExitCode } from "../../errors.ts";
import { tarzBuiltins } from "../builtins.ts";
import { clock, jobNames } from "../job_args.ts";
import { print } from "../output.ts";
import type { JobReport } from "../../backup/status_report.ts";
import type { JobArchive } from "../../backup/archive_set.ts";
import { type JobStatus, jobStatus, renderStatus } from "../../backup/job_status.ts";

/** Adds the `status` command to `program`. */
export function addStatusCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("status")
    .description("each job at a glance: last run, archives, sizes, next run, what is wrong")
    .argument("[jobs...]", "jobs to show (default: all)")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--json", "print the same as JSON")
    .addHelpText(
      "after",
      `
Exit codes: 0 all well, 1 a job failed or is stale, 3 a newest archive shrank.

Examples:
  tarz status
  tarz status home --json`,
    )
    .action(async (names, opts) => {
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const jobs = jobNames(loaded, names);
      const now = clock()();
      const statuses = await Promise.all(jobs.map((n) => _status(loaded, n, now)));
      if (opts.json) print(JSON.stringify({ jobs: statuses }, null, 2));
      else print(await _render(loaded, statuses, now));
      setExit(
        statuses.some((s) => s.failing || s.stale)
          ? ExitCode.failed
          : statuses.some((s) => s.shrank)
          ? ExitCode.partial
          : ExitCode.ok,
      );
    });
}

async function _status(loaded: LoadedConfig, name: string, now: Date): Promise<JobStatus> {
  const { stateDir, jobArchives } = await import("../../backup/job_files.ts");
  const { nextRuns } = await import("../../backup/schedule.ts");
  const job = loaded.config.jobs[name];
  let report: JobReport | null = null;
  try {
    report = JSON.parse(Deno.readTextFileSync(`${stateDir(loaded)}/${name}.status.json`));
  } catch { /* never run here */ }
  let archives: JobArchive[] = [];
  let listing: string | null = null;
  try {
    archives = await jobArchives(loaded, name, job, now);
  } catch (e) {
    listing = `cannot list its archives: ${(e as Error).message}`;
  }
  const runs = job.schedule ? nextRuns(job.schedule, job.timezone, 2, now) : [];
  const s = jobStatus({ job: name, report, archives, nextRuns: runs, now });
  if (listing) s.problems.push(listing);
  return s;
}

async function _render(loaded: LoadedConfig, statuses: JobStatus[], now: Date): Promise<string> {
  const { describeRun } = await import("../../backup/schedule.ts");
  return renderStatus(
    statuses,
    now,
    (s) => describeRun(new Date(s.nextRun!), loaded.config.jobs[s.job].timezone, now),
  ).trimEnd();
}
