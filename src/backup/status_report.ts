/**
 * What a backup run reports: the per-job status file (last run, result, counts, archive)
 * and the Prometheus textfile for node_exporter. Pure; sink/atomic_text.ts writes them.
 * @module
 */
import type { StalePartial } from "../sink/stale_partials.ts";

/** The outcome of one job. */
export interface JobReport {
  job: string;
  /** "success", "partial" (warnings) or "failed". */
  result: "success" | "partial" | "failed" | "skipped";
  started: string;
  finished: string;
  durationMs: number;
  archive: string | null;
  files: number;
  bytesIn: number;
  bytesOut: number;
  warnings: string[];
  error: string | null;
  /** Archives removed by retention. */
  pruned: string[];
  /** Set with --verify: whether re-reading the new archive found it sound. */
  verified: boolean | null;
  /** For incremental jobs: which kind of archive was written. */
  kind?: "full" | "incremental";
  /** Temporary files of killed runs removed from the output directory. */
  staleRemoved?: StalePartial[];
}

/** Renders the Prometheus textfile for a set of job reports. */
export function renderPrometheus(reports: JobReport[]): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, type: string, value: (r: JobReport) => number) => {
    lines.push(`# HELP tarz_backup_${name} ${help}`, `# TYPE tarz_backup_${name} ${type}`);
    for (const r of reports) lines.push(`tarz_backup_${name}{job="${_label(r.job)}"} ${value(r)}`);
  };
  metric(
    "success",
    "1 if the last run succeeded (warnings allowed), else 0",
    "gauge",
    (r) => r.result === "success" || r.result === "partial" ? 1 : 0,
  );
  metric(
    "last_run_timestamp_seconds",
    "When the last run finished",
    "gauge",
    (r) => Math.floor(Date.parse(r.finished) / 1000),
  );
  metric("duration_seconds", "How long the last run took", "gauge", (r) => r.durationMs / 1000);
  metric("files", "Files in the last archive", "gauge", (r) => r.files);
  metric("bytes_in", "File data read by the last run", "gauge", (r) => r.bytesIn);
  metric("bytes_out", "Size of the last archive", "gauge", (r) => r.bytesOut);
  metric("warnings", "Warnings in the last run", "gauge", (r) => r.warnings.length);
  return lines.join("\n") + "\n";
}

function _label(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}
