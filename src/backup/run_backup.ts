/**
 * `tarz backup`: for each job, take its lock, write the archive and its manifest, verify
 * it if asked, apply retention, and record the outcome in the job's status file.
 * @module
 */
import { jobOptions, jobOutput } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { createArchive } from "../create/create_archive.ts";
import { CancelledError, type RunControl } from "../util/run_control.ts";
import { readManifest } from "../read/manifest_file.ts";
import { verifyArchive } from "../read/verify_archive.ts";
import { dirOf, resolvePath } from "../util/paths.ts";
import { manifest } from "../../plugins/manifest.ts";
import { type JobArchive, listJobArchives } from "./archive_set.ts";
import type { Plan } from "../create/plan.ts";
import { flattenPlugins } from "../plugin/hook_runner.ts";
import {
  chainOf,
  makeIncremental,
  needsFull,
  signature,
  type SnapshotState,
} from "./incremental.ts";
import { acquireLock } from "./job_lock.ts";
import { applyRetention, type RetentionDecision } from "./retention.ts";
import type { JobReport } from "./status_report.ts";
import { writeTextAtomically } from "../sink/atomic_text.ts";
import { ProgressState } from "../progress/progress_state.ts";

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
}

/** Reads a job's snapshot file; undefined when there is none (or it is unreadable). */
export function readSnapshot(path: string): SnapshotState | undefined {
  try {
    const s = JSON.parse(Deno.readTextFileSync(path));
    return s?.version === 1 && Array.isArray(s.chain) ? s : undefined;
  } catch {
    return undefined;
  }
}

function _exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The directory holding status files and locks. */
export function stateDir(loaded: LoadedConfig): string {
  return resolvePath(loaded.dir, loaded.config.defaults?.stateDir ?? ".tarz-state");
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
  const report: JobReport = {
    job: name,
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
  const state = stateDir(loaded);
  Deno.mkdirSync(state, { recursive: true });
  const warn = (m: string) => {
    report.warnings.push(m);
    options.onWarning?.(m);
  };
  let lock;
  // what the archiver got through, for the report of a run that is stopped midway
  const progress = new ProgressState();
  try {
    lock = acquireLock(`${state}/${name}.lock`, name);
    if (lock.tookOver) warn(`took over a stale lock of pid ${lock.tookOver.pid}`);
    // a backup always writes its manifest, so `verify --job` can check it later
    const hasManifest = flattenPlugins(job.plugins).some((p) => p.name === "manifest");
    const withManifest = hasManifest
      ? job
      : { ...job, plugins: [...(job.plugins ?? []), manifest()] };
    const o = jobOptions(loaded, name, withManifest, {}, warn, started);
    Deno.mkdirSync(dirOf(o.output), { recursive: true });
    // incremental jobs: a full archive or only the changes since the last one
    const snapshotPath = `${state}/${name}.snapshot.json`;
    const previous = job.incremental ? readSnapshot(snapshotPath) : undefined;
    const full = !job.incremental ||
      needsFull(previous, job.incremental.fullEvery, started, (a) => _exists(a));
    let signatures: Record<string, string> = {};
    const adjustPlan = job.incremental
      ? (plan: Plan) => {
        if (full) {
          for (const p of plan.entries) signatures[p.entry.path] = signature(p.entry);
        } else {
          const base = previous!.chain.at(-1)!.archive;
          signatures = makeIncremental(plan, previous!.files, base.slice(base.lastIndexOf("/") + 1))
            .signatures;
        }
      }
      : undefined;
    if (options.control) await options.control.checkpoint();
    const summary = await createArchive({
      ...o,
      sync: true, // a backup is only done when it is on disk
      onWarning: warn,
      adjustPlan,
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
      // the run's own warnings (a stale lock) first, then the archive's
      warnings: [
        ...report.warnings.filter((w) => !summary.warnings.includes(w)),
        ...summary.warnings,
      ],
    });
    if (options.verify && job.encrypt && !options.identities?.length) {
      warn(`cannot verify the encrypted ${o.output} without --identity; not verified`);
    } else if (options.verify) {
      const v = await verifyArchive(o.output, {
        manifest: readManifest(`${o.output}.manifest.json`).files,
        identities: options.identities,
      });
      report.verified = v.differences.length === 0;
      if (!report.verified) {
        throw new Error(
          `verification of ${o.output} found ${v.differences.length} differences, e.g. ${
            v.differences[0].path
          }: ${v.differences[0].what}`,
        );
      }
    }
    if (job.incremental) {
      const chain = full ? [] : previous!.chain.filter((l) => _exists(l.archive));
      chain.push({
        archive: o.output,
        kind: full ? "full" : "incremental",
        time: started.toISOString(),
      });
      const next: SnapshotState = { version: 1, chain, files: signatures };
      writeTextAtomically(snapshotPath, JSON.stringify(next) + "\n");
      report.kind = full ? "full" : "incremental";
    }
    if (job.retention) {
      const decisions = retentionFor(loaded, name, job, started);
      for (const d of decisions) {
        if (d.keep) continue;
        const path = d.snapshot.path;
        Deno.removeSync(path);
        try {
          Deno.removeSync(`${path}.manifest.json`);
        } catch { /* archives made without a manifest */ }
        report.pruned.push(path);
      }
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

/** The job's archives on disk, oldest first (in the directory its output goes to at `now`). */
export function jobArchives(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
): JobArchive[] {
  const dir = dirOf(jobOutput(loaded, name, job, now));
  return listJobArchives(dir, job.output, name, Deno.hostname());
}

/** The retention decisions for a job's archives on disk (for backup and `tarz prune`). */
export function retentionFor(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  now = new Date(),
): RetentionDecision<JobArchive>[] {
  const decisions = applyRetention(jobArchives(loaded, name, job, now), job.retention ?? {});
  // never break a chain that is kept: an incremental needs every archive back to its full
  const chain = readSnapshot(`${stateDir(loaded)}/${name}.snapshot.json`)?.chain ?? [];
  for (const d of decisions) {
    if (!d.keep) continue;
    for (const link of chainOf(chain, d.snapshot.path)) {
      const needed = decisions.find((x) => x.snapshot.path === link.archive);
      if (needed && needed !== d && !needed.reasons.some((r) => r.startsWith("chain of "))) {
        needed.reasons.push(`chain of ${d.snapshot.id}`);
        needed.keep = true;
      }
    }
  }
  return decisions;
}
