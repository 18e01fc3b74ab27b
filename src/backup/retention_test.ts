import assert from "node:assert/strict";
import { applyRetention, parseDuration, type Snapshot } from "./retention.ts";

const HOUR = 3600e3;
const DAY = 24 * HOUR;

/** One snapshot per `step` ms for `count` steps, ending at `end`, ids by ISO time. */
function series(end: string, count: number, step: number): Snapshot[] {
  const last = new Date(end).getTime();
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(last - i * step);
    return { id: time.toISOString(), time };
  });
}

const kept = (s: Snapshot[], policy: Parameters<typeof applyRetention>[1]) =>
  applyRetention(s, policy).filter((d) => d.keep).map((d) => d.snapshot.id);

Deno.test("a year of daily runs: 7 daily, 4 weekly, 12 monthly, as restic keeps them", () => {
  // 2025-01-01 .. 2025-12-31 at 03:00 UTC; the last is Wednesday 2025-12-31
  const year = series("2025-12-31T03:00:00Z", 365, DAY);
  const ids = kept(year, { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
  const days = ids.map((id) => id.slice(0, 10));
  assert.deepEqual(days, [
    "2025-12-31",
    "2025-12-30",
    "2025-12-29",
    "2025-12-28",
    "2025-12-27",
    "2025-12-26",
    "2025-12-25", // daily 1-7 (12-31 is also weekly #1 and monthly #1)
    "2025-12-21",
    "2025-12-14", // weekly #3, #4: the Sundays ending ISO weeks 51 and 50
    "2025-11-30",
    "2025-10-31",
    "2025-09-30",
    "2025-08-31",
    "2025-07-31",
    "2025-06-30",
    "2025-05-31",
    "2025-04-30",
    "2025-03-31",
    "2025-02-28",
    "2025-01-31", // monthly #2-12
  ]);
  const reasons = applyRetention(year, { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
  assert.deepEqual(reasons[0].reasons, ["daily #1", "weekly #1", "monthly #1"]);
  assert.deepEqual(reasons.find((d) => d.snapshot.id.startsWith("2025-12-28"))!.reasons, [
    "daily #4",
    "weekly #2",
  ]);
});

Deno.test("hourly runs over three days: keepHourly and keepDaily overlap", () => {
  const runs = series("2026-03-03T23:00:00Z", 72, HOUR);
  const ids = kept(runs, { keepHourly: 5, keepDaily: 3 });
  assert.deepEqual(ids, [
    "2026-03-03T23:00:00.000Z",
    "2026-03-03T22:00:00.000Z",
    "2026-03-03T21:00:00.000Z",
    "2026-03-03T20:00:00.000Z",
    "2026-03-03T19:00:00.000Z",
    "2026-03-02T23:00:00.000Z", // daily #2: newest of that day
    "2026-03-01T23:00:00.000Z", // daily #3
  ]);
});

Deno.test("a yearly rule keeps the newest of each year", () => {
  const runs = series("2026-06-01T00:00:00Z", 40, 30 * DAY);
  assert.deepEqual(kept(runs, { keepYearly: 3 }).map((id) => id.slice(0, 10)), [
    "2026-06-01",
    "2025-12-03", // 2026-01-02 minus 30 days: the newest of 2025
    "2024-12-08",
  ]);
});

Deno.test("keepLast and keepWithin; the newest is kept whatever the policy", () => {
  const runs = series("2026-01-10T00:00:00Z", 10, DAY);
  assert.deepEqual(kept(runs, { keepLast: 2 }).length, 2);
  assert.deepEqual(kept(runs, { keepWithin: "3d" }).length, 4, "0, 1, 2 and 3 days back");
  assert.deepEqual(kept(runs, { keepMonthly: 0, keepLast: 0 }), ["2026-01-10T00:00:00.000Z"]);
  assert.deepEqual(applyRetention(runs, { keepWithin: "1h" })[0].reasons, ["within 1h"]);
});

Deno.test("no policy keeps everything", () => {
  const runs = series("2026-01-10T00:00:00Z", 3, DAY);
  assert.equal(kept(runs, {}).length, 3);
});

Deno.test("parseDuration reads h, d, w, m, y and refuses the rest", () => {
  assert.equal(parseDuration("36h"), 36 * HOUR);
  assert.equal(parseDuration("1w2d"), 9 * DAY);
  assert.equal(parseDuration("1y6m"), 365 * DAY + 180 * DAY);
  assert.throws(() => parseDuration("7 days"), /not a duration/);
  assert.throws(() => parseDuration(""), /not a duration/);
});

Deno.test("applyRetention takes the later of two archives with one time for the newer", () => {
  const t = new Date("2026-03-04T00:00:00Z");
  const snaps = ["a", "a+2", "a+3"].map((id) => ({ id, time: t }));
  const r = applyRetention(snaps, { keepLast: 2 });
  assert.deepEqual(r.map((d) => [d.snapshot.id, d.keep]), [["a+3", true], ["a+2", true], [
    "a",
    false,
  ]]);
});
