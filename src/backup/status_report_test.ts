import assert from "node:assert/strict";
import { type JobReport, renderPrometheus } from "./status_report.ts";

const report = (job: string, result: JobReport["result"]): JobReport => ({
  job,
  result,
  started: "2026-01-02T03:00:00.000Z",
  finished: "2026-01-02T03:00:10.000Z",
  durationMs: 10_000,
  archive: null,
  files: 5,
  bytesIn: 100,
  bytesOut: 40,
  warnings: result === "partial" ? ["x"] : [],
  error: null,
  pruned: [],
  verified: null,
});

Deno.test("renderPrometheus writes one gauge per job and metric, with escaped labels", () => {
  const text = renderPrometheus([report("home", "partial"), report('we"ird', "failed")]);
  assert.match(text, /^# TYPE tarz_backup_success gauge$/m);
  assert.match(text, /^tarz_backup_success\{job="home"\} 1$/m);
  assert.match(text, /^tarz_backup_success\{job="we\\"ird"\} 0$/m);
  assert.match(text, /^tarz_backup_last_run_timestamp_seconds\{job="home"\} 1767322810$/m);
  assert.match(text, /^tarz_backup_warnings\{job="home"\} 1$/m);
});
