/**
 * `tarz backup [JOB...]` and `tarz prune [JOB...]`: unattended runs from the config.
 * @module
 */
import { type Command, Option } from "@commander-js/extra-typings";
import type { JobReport } from "../../backup/status_report.ts";
import { findConfig, loadConfig, type LoadedConfig, pickJob } from "../../config/load_config.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { count, formatBytes, formatDuration } from "../../progress/format_units.ts";
import { tarzBuiltins } from "../builtins.ts";
import { RunControl } from "../../util/run_control.ts";
import { ProgressState } from "../../progress/progress_state.ts";
import { createReporter, type ProgressMode } from "../../progress/reporter.ts";
import { colorState, print, say, warn } from "../output.ts";
import { collect, identitiesFrom, identityOption } from "../shared_options.ts";
import { parseTimestamp } from "../parse_values.ts";
import { clock, jobNames } from "../job_args.ts";

/** `auto` shows bars on a terminal and nothing elsewhere: cron logs get one line a job. */
function _progressMode(mode: ProgressMode): ProgressMode {
  return mode === "auto" && !Deno.stderr.isTerminal() ? "none" : mode;
}

/** The exit code for a set of reports: 1 if any failed, 3 if any had warnings, else 0. */
export function backupExitCode(reports: JobReport[]): number {
  if (reports.some((r) => r.result === "failed")) return ExitCode.failed;
  if (reports.some((r) => r.result === "partial")) return ExitCode.partial;
  return ExitCode.ok;
}

function _line(r: JobReport): string {
  if (r.result === "failed") return `${r.job}: failed: ${r.error}`;
  if (r.result === "skipped") return `${r.job}: skipped: ${r.error}`;
  return `${r.job}: ${r.result}, ${count(r.files, "file")}, ${formatBytes(r.bytesIn)} → ${
    formatBytes(r.bytesOut)
  } in ${formatDuration(r.durationMs)}: ${r.archive}${r.verified ? " (verified)" : ""}${
    r.pruned.length ? `; pruned ${r.pruned.length}` : ""
  }${
    r.staleRemoved?.length
      ? `; removed ${r.staleRemoved.length} temporary files of interrupted runs (${
        formatBytes(r.staleRemoved.reduce((n, p) => n + p.bytes, 0))
      })`
      : ""
  }${r.warnings.length ? `; ${count(r.warnings.length, "warning")}` : ""}`;
}

/** `backup --dry-run`: each job's preview, as lines or one JSON report; the exit code. */
async function _dryRun(
  loaded: LoadedConfig,
  names: string[],
  now: Date,
  opts: { json?: boolean; verbose?: boolean },
): Promise<number> {
  const { previewBackupJob } = await import("../../backup/backup_preview.ts");
  const previews = [];
  for (const name of names) {
    const p = await previewBackupJob(loaded, name, loaded.config.jobs[name], {
      now,
      onEntry: opts.verbose && !opts.json ? (e) => print(`${name}  ${e.path}`) : undefined,
      onWarning: (m) => warn(`${name}: ${m}`),
    });
    previews.push(p);
    if (opts.json) continue;
    const others = p.others ? `, ${count(p.others, "other entry")}` : "";
    const deleted = p.kind === "incremental" ? `; ${count(p.deleted, "deletion")} recorded` : "";
    print(
      `${name}: would write ${p.archive} (${p.kind}): ${count(p.files, "file")}, ${
        count(p.directories, "directory")
      }${others}, ${formatBytes(p.bytes)}${deleted}`,
    );
    if (!loaded.config.jobs[name].retention) continue;
    if (p.remove.length === 0) print(`${name}: retention would remove nothing`);
    for (const r of p.remove) print(`${name}: retention would remove ${r}`);
  }
  if (opts.json) print(JSON.stringify({ dryRun: true, jobs: previews }));
  return previews.some((p) => p.warnings.length) ? ExitCode.partial : ExitCode.ok;
}

/** What `backup` takes besides the jobs. */
interface _BackupOpts {
  verify?: boolean;
  identity?: string[];
  json?: boolean;
  prometheus?: string;
  progress: ProgressMode;
}

/** Runs `names` one after another, each with its own display; the exit code. */
async function _runJobs(
  loaded: LoadedConfig,
  names: string[],
  now: () => Date,
  opts: _BackupOpts,
): Promise<number> {
  const { runBackupJob } = await import("../../backup/run_backup.ts");
  const { renderPrometheus } = await import("../../backup/status_report.ts");
  const { writeTextAtomically } = await import("../../sink/atomic_text.ts");
  const reports: JobReport[] = [];
  // unattended: a signal cancels at once (no prompt); the job's lock is released, its
  // partial archive removed, its status written, and tarz exits 130
  const control = new RunControl();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const cancel = () => control.cancel("interrupted by a signal");
  for (const s of signals) Deno.addSignalListener(s, cancel);
  try {
    for (const name of names) {
      // one job at a time, each with its own display; warnings as they happen
      const progress = new ProgressState();
      const reporter = await createReporter(
        _progressMode(opts.progress),
        progress,
        `Backing up ${name}`,
        { color: colorState.enabled },
      );
      reporter.start();
      const report = await runBackupJob(loaded, name, loaded.config.jobs[name], {
        verify: opts.verify,
        identities: identitiesFrom(opts.identity),
        now,
        control,
        progress,
        onWarning: (m) => {
          reporter.stop();
          reporter.event("warning", { job: name, message: m });
          if (opts.progress !== "json") warn(`${name}: ${m}`);
          reporter.start();
        },
      }).finally(() => reporter.stop());
      reports.push(report);
      if (!opts.json) say(_line(report));
    }
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, cancel);
  }
  if (opts.prometheus) writeTextAtomically(opts.prometheus, renderPrometheus(reports));
  if (opts.json) print(JSON.stringify({ jobs: reports }));
  return backupExitCode(reports);
}

/** Adds `backup`, `restore` and `prune` to `program`. */
export function addBackupCommands(program: Command, setExit: (code: number) => void): void {
  _addBackup(program, setExit);
  _addRestore(program, setExit);
  _addPrune(program, setExit);
}

function _addBackup(program: Command, setExit: (code: number) => void): void {
  program
    .command("backup")
    .description("run jobs from the config: archive, manifest, retention, status")
    .argument("[jobs...]", "jobs to run (default: all)")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--verify", "re-read each new archive and check it against its manifest")
    .option("-n, --dry-run", "say what each job would archive and retention would remove")
    .option("-v, --verbose", "with --dry-run: list every entry each archive would hold")
    .addOption(identityOption())
    .option("--json", "print one report for the whole run on standard output")
    .option("--prometheus <file>", "also write a Prometheus textfile (node_exporter)")
    .addOption(
      new Option("--progress <mode>", "progress display (auto: bars on a terminal, else none)")
        .choices(["auto", "tty", "plain", "json", "none"] as const)
        .default("auto" as const),
    )
    .addHelpText(
      "after",
      `
Each job takes a lock (a second run of it exits 1), writes its archive atomically with a
manifest beside it, applies its retention, and writes <stateDir>/<job>.status.json.
Exit code: 0 all succeeded, 3 some had warnings, 1 some failed.

Examples:
  tarz backup
  tarz backup --dry-run
  tarz backup home --verify --prometheus /var/lib/node_exporter/tarz.prom
  tarz backup --config /etc/tarz/tarz.config.ts --json`,
    )
    .action(async (names, opts) => {
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const now = clock();
      if (opts.dryRun) {
        setExit(await _dryRun(loaded, jobNames(loaded, names), now(), opts));
        return;
      }
      setExit(await _runJobs(loaded, jobNames(loaded, names), now, opts));
    });
}

function _addRestore(program: Command, setExit: (code: number) => void): void {
  program
    .command("restore")
    .description("rebuild a job's sources as of a time: the full archive, then each incremental")
    .argument("<job>", "the job to restore")
    .requiredOption("-C, --directory <dir>", "where to restore to")
    .option("--at <time>", "the state at this time (default: the newest)", parseTimestamp)
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--host <name>", "restore another machine's archives (its {host}; default: this one)")
    .option("--trusted", "restore what was saved: modes, owners as root, every link (default)")
    .option("--no-trusted", "apply extract's safety rules, as for an archive from elsewhere")
    .option(
      "--include <path>",
      "restore only this path, as in the backup (repeatable; a directory with its contents; wildcards)",
      collect,
    )
    .addOption(identityOption())
    .addHelpText(
      "after",
      `
Examples:
  tarz restore home -C /tmp/home-restored
  tarz restore home -C /tmp/home-monday --at 2026-11-23T23:59:59Z
  tarz restore home -C /tmp/letters --include Documents/letters --include '*.odt'
  tarz restore home -C /tmp/laptop-home --host laptop`,
    )
    .action(async (name, opts) => {
      const { restoreJob } = await import("../../backup/restore.ts");
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const [job, config] = pickJob(loaded, name);
      const warnings: string[] = [];
      const r = await restoreJob(loaded, job, config, {
        dest: opts.directory,
        at: opts.at === undefined ? clock()() : new Date(opts.at * 1000),
        identities: identitiesFrom(opts.identity),
        trusted: opts.trusted !== false,
        include: opts.include,
        host: opts.host,
        onWarning: (w) => {
          warnings.push(w);
          say(`tarz: warning: ${w}`);
        },
      });
      say(
        `Restored ${job} into ${opts.directory} from ${count(r.applied.length, "archive")} (${
          count(r.files, "file")
        }, ${count(r.deleted, "deletion")} applied)`,
      );
      for (const a of r.applied) say(`  ${a}`);
      setExit(warnings.length ? ExitCode.partial : ExitCode.ok);
    });
}

function _addPrune(program: Command, setExit: (code: number) => void): void {
  program
    .command("prune")
    .description("apply the jobs' retention: list what is kept and why, and remove the rest")
    .argument("[jobs...]", "jobs to prune (default: all with a retention policy)")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("-n, --dry-run", "only say what would be removed")
    .addHelpText(
      "after",
      `
Examples:
  tarz prune --dry-run
  tarz prune home`,
    )
    .action(async (names, opts) => {
      const { pruneJob } = await import("../../backup/prune.ts");
      const { strayFiles } = await import("../../backup/stray_files.ts");
      const { staleUploads } = await import("../../backup/stale_uploads.ts");
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const jobs = jobNames(loaded, names).filter((n) => loaded.config.jobs[n].retention);
      if (jobs.length === 0) {
        throw new UsageError("No job has a retention policy", "add retention: { ... } to a job");
      }
      const now = clock();
      let warned = false;
      for (const name of jobs) {
        const decisions = await pruneJob(loaded, name, loaded.config.jobs[name], {
          now: now(),
          dryRun: opts.dryRun,
          onWarning: (m) => {
            warned = true;
            warn(m);
          },
        });
        for (const d of decisions) {
          const what = d.keep ? `keep (${d.reasons.join(", ")})` : "remove";
          print(`${name}  ${d.snapshot.id}  ${what}`);
        }
        for (const f of await strayFiles(loaded, name, loaded.config.jobs[name], now())) {
          print(`${name}  ${f.name}  not considered: ${f.why}`);
        }
        const job = loaded.config.jobs[name];
        for (
          const u of await staleUploads(loaded, name, job, { now: now(), dryRun: opts.dryRun })
        ) {
          print(`${name}  ${u.path}  ${opts.dryRun ? "abort" : "aborted"}: ${u.why}`);
        }
      }
      setExit(warned ? ExitCode.partial : ExitCode.ok);
    });
}
