/**
 * `tarz backup`: for each job, take its lock, write the archive and its manifest, verify
 * it if asked, apply retention, and record the outcome in the job's status file.
 * @module
 */
import { jobOptions } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { createArchive } from "../create/create_archive.ts";
import { CancelledError, type RunControl } from "../util/run_control.ts";
import { manifestPathOf, readManifest } from "../read/manifest_file.ts";
import { verifyArchive } from "../read/verify_archive.ts";
import { dirOf } from "../util/paths.ts";
import { manifest } from "../../plugins/manifest.ts";
import { flattenPlugins } from "../plugin/hook_runner.ts";
import { startIncremental } from "./incremental_step.ts";
import { snapshotPathOf, stateDir, unusedOutput } from "./job_files.ts";
import { pruneJob } from "./prune.ts";
import { staleUploads } from "./stale_uploads.ts";
import type { StalePartial } from "../sink/stale_partials.ts";
import { acquireLock } from "./job_lock.ts";
import type { JobReport } from "./status_report.ts";
import { writeTextAtomically } from "../sink/atomic_text.ts";
import { ProgressState } from "../progress/progress_state.ts";
import { isRemote } from "../store/location.ts";

/** Options for {@linkcode runBackupJob}. */
export interface BackupJobOptions {
  /** Re-read the new archive fully and check it against its manifest. */
  verify?: boolean;
  /** The clock, for the output name and retention (tests pass a fake one). */
  now?: () => Date;
  /** Per-file problems, as they happen. */
  onWarning?: (message: string) => void;
  /** age identities, to verify encrypted archives. */
  identities?: string[];
  /** Cancels the run (SIGINT, SIGTERM): it stops at the next checkpoint, leaving nothing. */
  control?: RunControl;
  /** Counters the run updates as it goes, for a progress display. */
  progress?: ProgressState;
}

/** A report of a run that has not got anywhere yet. */
function _emptyReport(job: string, started: Date): JobReport {
  return {
    job,
    result: "failed",
    started: started.toISOString(),
    finished: "",
    durationMs: 0,
    archive: null,
    files: 0,
    bytesIn: 0,
    bytesOut: 0,
    warnings: [],
    error: null,
    pruned: [],
    verified: null,
  };
}

/** `job` with the manifest plugin: a backup always writes one, for `verify --job` later. */
function _withManifest(job: JobConfig): JobConfig {
  const hasManifest = flattenPlugins(job.plugins).some((p) => p.name === "manifest");
  return hasManifest ? job : { ...job, plugins: [...(job.plugins ?? []), manifest()] };
}

/** Re-reads `archive` against its manifest; throws if they differ. */
async function _verify(
  archive: string,
  job: JobConfig,
  options: BackupJobOptions,
  report: JobReport,
  warn: (m: string) => void,
): Promise<void> {
  if (job.encrypt && !options.identities?.length) {
    return warn(`cannot verify the encrypted ${archive} without --identity; not verified`);
  }
  const v = await verifyArchive(archive, {
    manifest: (await readManifest(manifestPathOf(archive), options.identities, job.storage))
      .files,
    identities: options.identities,
    storage: job.storage,
  });
  report.verified = v.differences.length === 0;
  if (!report.verified) {
    throw new Error(
      `verification of ${archive} found ${v.differences.length} differences, e.g. ${
        v.differences[0].path
      }: ${v.differences[0].what}`,
    );
  }
}

/** The job's options with a free output name, and its incremental step if it has one. */
async function _prepare(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  started: Date,
  warn: (m: string) => void,
) {
  const o = jobOptions(loaded, name, _withManifest(job), {}, warn, started);
  // on every core, as create does: and zstd in independent frames, so that one file can be
  // fetched alone (read/seekable_read.ts)
  o.threads ??= navigator.hardwareConcurrency || 1;
  o.output = await unusedOutput(o.output, job.output, job.storage);
  if (!isRemote(o.output)) Deno.mkdirSync(dirOf(o.output), { recursive: true });
  // incremental jobs: a full archive or only the changes since the last one
  const step = job.incremental
    ? await startIncremental(
      snapshotPathOf(loaded, name),
      job.incremental,
      started,
      warn,
      false,
      job.storage,
    )
    : undefined;
  return { o, step };
}

/** Aborts the job's stale uploads; a failure to look is a warning, not the run's failure. */
async function _staleUploads(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  started: Date,
  warn: (m: string) => void,
): Promise<StalePartial[]> {
  try {
    return await staleUploads(loaded, name, job, { now: started });
  } catch (e) {
    warn(`could not look for stale uploads: ${(e as Error).message}`);
    return [];
  }
}

/** Runs one job as a backup and returns its report; it never throws for the job's failure. */
export async function runBackupJob(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  options: BackupJobOptions = {},
): Promise<JobReport> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const report = _emptyReport(name, started);
  const state = stateDir(loaded);
  Deno.mkdirSync(state, { recursive: true });
  const warn = (m: string) => {
    report.warnings.push(m);
    options.onWarning?.(m);
  };
  let lock;
  // what the archiver got through, for the report of a run that is stopped midway
  const progress = options.progress ?? new ProgressState();
  try {
    lock = acquireLock(`${state}/${name}.lock`, name);
    if (lock.tookOver) warn(`took over a stale lock of pid ${lock.tookOver.pid}`);
    const { o, step } = await _prepare(loaded, name, job, started, warn);
    if (options.control) await options.control.checkpoint();
    const summary = await createArchive({
      ...o,
      storage: job.storage,
      sync: true, // a backup is only done when it is on disk
      onWarning: warn,
      adjustPlan: step?.adjustPlan,
      control: options.control,
      progress,
    });
    if (summary.skipped) {
      report.result = "skipped";
      report.error = summary.skipped;
      return report;
    }
    Object.assign(report, {
      archive: o.output,
      files: summary.files,
      bytesIn: summary.bytesIn,
      bytesOut: summary.bytesOut,
      staleRemoved: [
        ...summary.staleRemoved ?? [],
        ...await _staleUploads(loaded, name, job, started, warn),
      ],
      // the run's own warnings (a stale lock) first, then the archive's
      warnings: [
        ...report.warnings.filter((w) => !summary.warnings.includes(w)),
        ...summary.warnings,
      ],
    });
    if (options.verify) await _verify(o.output, job, options, report, warn);
    if (step) {
      step.record(o.output);
      report.kind = step.kind;
    }
    if (job.retention) {
      const decisions = await pruneJob(loaded, name, job, { now: started, onWarning: warn });
      report.pruned.push(...decisions.filter((d) => !d.keep).map((d) => d.snapshot.path));
    }
    report.result = report.warnings.length ? "partial" : "success";
  } catch (e) {
    if (!report.archive) {
      // stopped or failed before the archive was done: report what was read until then
      report.files = progress.filesDone;
      report.bytesIn = progress.bytesDone;
      report.bytesOut = progress.bytesOut;
    }
    if (e instanceof CancelledError) {
      report.error = `interrupted: ${e.message}`;
      throw e;
    }
    report.error = e instanceof Error ? e.message : String(e);
    report.result = "failed";
  } finally {
    lock?.release();
    report.finished = now().toISOString();
    report.durationMs = Math.round(performance.now() - t0);
    // only the run that holds the lock speaks for the job: one refused by the lock leaves
    // the running job's status alone
    if (lock) {
      writeTextAtomically(`${state}/${name}.status.json`, JSON.stringify(report, null, 2) + "\n");
    }
  }
  return report;
}
