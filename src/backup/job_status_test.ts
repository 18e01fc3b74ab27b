import assert from "node:assert/strict";
import { jobStatus, renderStatus } from "./job_status.ts";

const now = new Date("2026-12-10T12:00:00Z");
const archive = (day: number, size: number) => ({
  id: `j-${day}`,
  path: `/o/j-${day}`,
  time: new Date(`2026-12-${String(day).padStart(2, "0")}T03:00:00Z`),
  size,
});
const daily = [new Date("2026-12-11T03:00:00Z"), new Date("2026-12-12T03:00:00Z")];

Deno.test("jobStatus is stale past twice the schedule's interval, not before", () => {
  const fresh = jobStatus({
    job: "j",
    report: null,
    archives: [archive(9, 1)],
    nextRuns: daily,
    now,
  });
  assert.equal(fresh.stale, false);
  const old = jobStatus({
    job: "j",
    report: null,
    archives: [archive(7, 1)],
    nextRuns: daily,
    now,
  });
  assert.equal(old.stale, true);
  const never = jobStatus({ job: "j", report: null, archives: [], nextRuns: daily, now });
  assert.deepEqual([never.stale, never.result, never.problems], [
    true,
    "never",
    ["no archive yet, and the job has a schedule"],
  ]);
  const unscheduled = jobStatus({ job: "j", report: null, archives: [], nextRuns: [], now });
  assert.equal(unscheduled.stale, false);
});

Deno.test("jobStatus sees an archive that shrank to under half the one before", () => {
  const s = jobStatus({
    job: "j",
    report: null,
    archives: [archive(8, 100), archive(9, 49)],
    nextRuns: [],
    now,
  });
  assert.equal(s.shrank, true);
  assert.equal(
    jobStatus({
      job: "j",
      report: null,
      archives: [archive(8, 100), archive(9, 50)],
      nextRuns: [],
      now,
    }).shrank,
    false,
  );
});

Deno.test("renderStatus aligns the columns and puts each problem under its job", () => {
  const a = jobStatus({ job: "a", report: null, archives: [archive(9, 2048)], nextRuns: [], now });
  const long = jobStatus({ job: "longer", report: null, archives: [], nextRuns: daily, now });
  assert.equal(
    renderStatus([a, long], now, () => "soon"),
    "a       never  never run  1 archive, 2.00 KiB  newest 2.00 KiB  █  no schedule\n" +
      "longer  never  never run  0 archives, 0 B                          next soon\n" +
      "  ! no archive yet, and the job has a schedule\n",
  );
});
