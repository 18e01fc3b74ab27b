/**
 * `tarz backup --dry-run`: what a run of a job would archive (full or incremental, how many
 * entries and bytes, under which name) and what its retention step would then remove. It
 * reads the sources and the job's files and writes nothing: no archive, lock, status or
 * snapshot file.
 * @module
 */
import { jobOptions } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { createArchive } from "../create/create_archive.ts";
import type { TarEntry } from "../tar/entry.ts";
import { INCREMENTAL_MEMBER } from "./incremental.ts";
import { startIncremental } from "./incremental_step.ts";
import { snapshotPathOf, unusedOutput } from "./job_files.ts";
import { pruneJob } from "./prune.ts";

/** What a backup run of a job would do. */
export interface BackupPreview {
  job: string;
  /** The archive it would write. */
  archive: string;
  kind: "full" | "incremental";
  /** Entries it would archive, by type, and the file data. */
  files: number;
  directories: number;
  others: number;
  bytes: number;
  /** For an incremental archive: paths it would record as deleted. */
  deleted: number;
  /** Archives retention would then remove; empty without a retention policy. */
  remove: string[];
  /** Per-file problems the run would warn about. */
  warnings: string[];
}

/** Options for {@linkcode previewBackupJob}. */
export interface PreviewOptions {
  /** The clock (default: now). */
  now?: Date;
  /** Each entry the archive would hold, in order. */
  onEntry?: (entry: TarEntry) => void;
  onWarning?: (message: string) => void;
}

/** Works out what `tarz backup` would do for one job, changing nothing. */
export async function previewBackupJob(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  { now = new Date(), onEntry, onWarning }: PreviewOptions = {},
): Promise<BackupPreview> {
  const preview: BackupPreview = {
    job: name,
    archive: "",
    kind: "full",
    files: 0,
    directories: 0,
    others: 0,
    bytes: 0,
    deleted: 0,
    remove: [],
    warnings: [],
  };
  const warn = (m: string) => {
    preview.warnings.push(m);
    onWarning?.(m);
  };
  const o = jobOptions(loaded, name, job, {}, warn, now);
  preview.archive = await unusedOutput(o.output, job.output, job.storage);
  const step = job.incremental
    ? await startIncremental(
      snapshotPathOf(loaded, name),
      job.incremental,
      now,
      warn,
      true,
      job.storage,
    )
    : undefined;
  await createArchive({
    ...o,
    dryRun: true,
    onWarning: warn,
    adjustPlan: step?.adjustPlan,
    onEntry: (e) => {
      if (e.path === INCREMENTAL_MEMBER) return;
      if (e.type === "file") preview.files++;
      else if (e.type === "directory") preview.directories++;
      else preview.others++;
      preview.bytes += e.size;
      onEntry?.(e);
    },
  });
  preview.kind = step?.kind ?? "full";
  preview.deleted = step?.deleted.length ?? 0;
  if (job.retention) {
    const pending = { archive: preview.archive, kind: preview.kind, time: now.toISOString() };
    const decisions = await pruneJob(loaded, name, job, {
      now,
      dryRun: true,
      onWarning: warn,
      pending,
    });
    preview.remove = decisions.filter((d) => !d.keep).map((d) => d.snapshot.path);
  }
  return preview;
}
