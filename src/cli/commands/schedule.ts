/**
 * `tarz schedule list|install` and `tarz daemon`: running jobs on their schedules.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import type { Cron } from "croner";
import type { ScheduledJob } from "../../backup/schedule.ts";
import { findConfig, loadConfig, type LoadedConfig } from "../../config/load_config.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { tarzBuiltins } from "../builtins.ts";
import { print, say, warn } from "../output.ts";
import { stableCommand } from "../stable_command.ts";
import { parseCount } from "../parse_values.ts";

function _scheduled(loaded: LoadedConfig): ScheduledJob[] {
  const jobs = Object.entries(loaded.config.jobs)
    .filter(([, j]) => j.schedule)
    .map(([name, j]) => ({ name, schedule: j.schedule!, timezone: j.timezone }));
  if (jobs.length === 0) {
    throw new UsageError(
      `No job in ${loaded.file} has a schedule`,
      'add schedule: "0 3 * * *" to a job',
    );
  }
  return jobs;
}

/** What `schedule install` takes. */
interface _InstallOpts {
  config?: string;
  systemd?: boolean;
  cron?: boolean;
  write?: boolean;
}

/** Prints or writes systemd user units for `jobs`. */
async function _installSystemd(
  jobs: ScheduledJob[],
  command: string[],
  config: string,
  write?: boolean,
): Promise<void> {
  const { systemdUnits } = await import("../../backup/schedule.ts");
  const units = systemdUnits(jobs, command, config);
  if (!write) {
    for (const [name, text] of units) print(`# ${name}\n${text}`);
    return;
  }
  const dir = `${Deno.env.get("HOME")}/.config/systemd/user`;
  Deno.mkdirSync(dir, { recursive: true });
  for (const [name, text] of units) {
    // the mode is the unit's own, whatever the umask
    Deno.writeTextFileSync(`${dir}/${name}`, text, { mode: 0o644 });
    Deno.chmodSync(`${dir}/${name}`, 0o644);
  }
  say(`Wrote ${units.length} units to ${dir}. Now:`);
  say(`  systemctl --user daemon-reload`);
  for (const j of jobs) say(`  systemctl --user enable --now tarz-${j.name}.timer`);
}

/** Prints crontab lines for `jobs`, or puts them in the user's crontab. */
async function _installCron(
  jobs: ScheduledJob[],
  command: string[],
  config: string,
  write?: boolean,
): Promise<void> {
  const { cronBlock, replaceCronBlock } = await import("../../backup/schedule.ts");
  const block = cronBlock(jobs, command, config);
  if (!write) return print(block.trimEnd());
  const current = await new Deno.Command("crontab", { args: ["-l"], stderr: "null" }).output();
  const existing = current.success ? new TextDecoder().decode(current.stdout) : "";
  const child = new Deno.Command("crontab", { args: ["-"], stdin: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(replaceCronBlock(existing, block)));
  await w.close();
  if (!(await child.status).success) throw new Error("crontab refused the new table");
  say(`Installed ${jobs.length} jobs in your crontab (crontab -l shows them).`);
}

/** `schedule install`. */
async function _install(opts: _InstallOpts): Promise<void> {
  if (!opts.systemd === !opts.cron) {
    throw new UsageError("Say how to install", "pass --systemd or --cron");
  }
  const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
  const jobs = _scheduled(loaded);
  const { argv: command, temporary } = stableCommand();
  say(`The jobs will run: ${command.join(" ")} backup JOB --config ${loaded.file}`);
  if (temporary) {
    warn(
      `${temporary} looks temporary (npm's cache or /tmp): the schedule breaks once it is cleared; install tarz (deno install -g -A -n tarz main.ts, or a compiled binary) and run this again`,
    );
  }
  try {
    if (opts.systemd) await _installSystemd(jobs, command, loaded.file, opts.write);
    else await _installCron(jobs, command, loaded.file, opts.write);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message, "use `tarz daemon`, which runs any schedule");
  }
}

/** `daemon`: runs the scheduled jobs until a signal or `runs` runs; the exit code. */
async function _daemon(opts: { config?: string; runs?: number }): Promise<number> {
  const { runBackupJob } = await import("../../backup/run_backup.ts");
  const { Cron } = await import("croner");
  const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
  const jobs = _scheduled(loaded);
  let runs = 0;
  let failed = false;
  const crons: Cron[] = [];
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  const active = new Set<Promise<unknown>>();
  for (const j of jobs) {
    const cron = new Cron(j.schedule, { timezone: j.timezone, protect: true }, async () => {
      const run = runBackupJob(loaded, j.name, loaded.config.jobs[j.name]);
      active.add(run);
      const r = await run.finally(() => active.delete(run));
      failed ||= r.result === "failed";
      print(
        `${r.finished} ${r.job} ${r.result}${
          r.archive ? ` ${r.archive}` : ""
        } ${r.files} files ${r.bytesOut} bytes ${r.durationMs} ms${r.error ? `: ${r.error}` : ""}`,
      );
      if (opts.runs !== undefined && ++runs >= opts.runs) stop();
    });
    crons.push(cron);
    say(`tarz daemon: ${j.name} at "${j.schedule}", next ${cron.nextRun()?.toISOString()}`);
  }
  const onSignal = () => stop();
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  await stopped;
  for (const c of crons) c.stop();
  await Promise.allSettled([...active]);
  Deno.removeSignalListener("SIGTERM", onSignal);
  Deno.removeSignalListener("SIGINT", onSignal);
  return failed ? ExitCode.failed : ExitCode.ok;
}

/** Adds `schedule` and `daemon` to `program`. */
export function addScheduleCommands(program: Command, setExit: (code: number) => void): void {
  const schedule = program
    .command("schedule")
    .description("show the jobs' schedules, or install them as systemd timers or cron lines");
  schedule
    .command("list")
    .description("the next run times of every scheduled job")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("-n, --count <n>", "how many run times per job", parseCount, 3)
    .addHelpText("after", "\nExamples:\n  tarz schedule list\n  tarz schedule list -n 10")
    .action(async (opts) => {
      const { describeRun, nextRuns } = await import("../../backup/schedule.ts");
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const now = new Date();
      for (const j of _scheduled(loaded)) {
        const runs = nextRuns(j.schedule, j.timezone, opts.count, now);
        print(`${j.name}  ${j.schedule}${j.timezone ? ` (${j.timezone})` : ""}`);
        for (const r of runs) print(`  ${describeRun(r, j.timezone, now)}`);
      }
      setExit(ExitCode.ok);
    });
  schedule
    .command("install")
    .description("print systemd timer units or crontab lines for the scheduled jobs")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--systemd", "systemd service and timer units")
    .option("--cron", "crontab lines")
    .option("--write", "install them: user units, or the user's crontab")
    .addHelpText(
      "after",
      `
Examples:
  tarz schedule install --systemd
  tarz schedule install --systemd --write && systemctl --user enable --now tarz-home.timer
  tarz schedule install --cron --write`,
    )
    .action(async (opts) => {
      await _install(opts);
      setExit(ExitCode.ok);
    });

  program
    .command("daemon")
    .description("run the scheduled jobs, one line per run; never two runs of a job at once")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--runs <n>", "stop after this many runs (for tests and one-offs)", parseCount)
    .addHelpText(
      "after",
      `
Stops cleanly on SIGINT or SIGTERM (after the runs in progress).

Examples:
  tarz daemon --config /etc/tarz/tarz.config.ts`,
    )
    .action(async (opts) => {
      setExit(await _daemon(opts));
    });
}
