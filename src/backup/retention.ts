/**
 * Which archives to keep, with restic's `forget` semantics. Pure.
 *
 * Snapshots are considered newest first. `keepLast: n` keeps the n newest. Each bucketed
 * rule (`keepHourly`, `keepDaily`, `keepWeekly` (ISO weeks), `keepMonthly`, `keepYearly`)
 * keeps the newest snapshot of each of the n most recent buckets that hold one.
 * `keepWithin` keeps everything within that duration of the newest snapshot. A snapshot
 * any rule keeps is kept, and the reasons are listed. The newest snapshot is always kept,
 * whatever the policy; with no rule at all, everything is kept. Times are bucketed in UTC.
 * @module
 */

/** How many archives of each kind to keep. */
export interface RetentionPolicy {
  /** The newest n archives. */
  keepLast?: number;
  /** The newest archive of each of the last n hours that have one. */
  keepHourly?: number;
  /** The newest archive of each of the last n days that have one. */
  keepDaily?: number;
  /** The newest archive of each of the last n ISO weeks that have one. */
  keepWeekly?: number;
  /** The newest archive of each of the last n months that have one. */
  keepMonthly?: number;
  /** The newest archive of each of the last n years that have one. */
  keepYearly?: number;
  /** A duration such as `"7d"`, `"36h"`, `"2w"`, `"1y6m"`. */
  keepWithin?: string;
}

/** One archive, as retention sees it. */
export interface Snapshot {
  /** A name for it, e.g. the file name. */
  id: string;
  /** When it was made. */
  time: Date;
}

/** The verdict for one snapshot. */
export interface RetentionDecision<S extends Snapshot = Snapshot> {
  /** The snapshot decided on. */
  snapshot: S;
  /** Whether any rule keeps it. */
  keep: boolean;
  /** Why it is kept, e.g. `["last #1", "daily #3"]`; empty when it is removed. */
  reasons: string[];
}

const UNITS: Record<string, number> = {
  h: 3600e3,
  d: 86400e3,
  w: 7 * 86400e3,
  m: 30 * 86400e3,
  y: 365 * 86400e3,
};

/** Parses a duration like `"7d"` or `"1y6m12h"` into milliseconds; throws on nonsense. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)([hdwmy])/g)];
  if (!parts.length || parts.map((m) => m[0]).join("") !== text) {
    throw new Error(`"${text}" is not a duration (use h, d, w, m, y, e.g. "7d" or "1y6m")`);
  }
  return parts.reduce((ms, m) => ms + Number(m[1]) * UNITS[m[2]], 0);
}

/** The bucket keys of the bucketed rules, in UTC. */
const BUCKETS: [keyof RetentionPolicy, string, (d: Date) => string][] = [
  ["keepHourly", "hourly", (d) => d.toISOString().slice(0, 13)],
  ["keepDaily", "daily", (d) => d.toISOString().slice(0, 10)],
  ["keepWeekly", "weekly", _isoWeek],
  ["keepMonthly", "monthly", (d) => d.toISOString().slice(0, 7)],
  ["keepYearly", "yearly", (d) => d.toISOString().slice(0, 4)],
];

/**
 * Applies `policy` to `snapshots` (oldest first; only archives made at the same time need
 * it); returns a decision for each, newest first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyRetention } from "./retention.ts";
 * const day = (d: number) => ({ id: `a${d}`, time: new Date(Date.UTC(2026, 0, d)) });
 * const r = applyRetention([day(1), day(2), day(3)], { keepDaily: 2 });
 * assert.deepEqual(r.map((x) => x.keep), [true, true, false]);
 * assert.deepEqual(r[1].reasons, ["daily #2"]);
 * ```
 */
export function applyRetention<S extends Snapshot>(
  snapshots: S[],
  policy: RetentionPolicy,
): RetentionDecision<S>[] {
  // newest first; of two made at the same time, the one listed later is the newer
  const sorted = snapshots.map((snapshot, i) => ({ snapshot, i }))
    .sort((a, b) => b.snapshot.time.getTime() - a.snapshot.time.getTime() || b.i - a.i);
  const decisions = sorted.map(({ snapshot }) => ({
    snapshot,
    keep: false,
    reasons: [] as string[],
  }));
  const anyRule = Object.values(policy).some((v) => v !== undefined);
  if (!anyRule) {
    for (const d of decisions) {
      d.keep = true;
      d.reasons.push("no retention policy");
    }
    return decisions;
  }
  if (policy.keepLast) {
    decisions.slice(0, policy.keepLast).forEach((d, i) => d.reasons.push(`last #${i + 1}`));
  }
  for (const [key, label, bucketOf] of BUCKETS) {
    const n = policy[key] as number | undefined;
    if (!n) continue;
    let last: string | undefined;
    let count = 0;
    for (const d of decisions) {
      if (count >= n) break;
      const bucket = bucketOf(d.snapshot.time);
      if (bucket === last) continue;
      last = bucket;
      d.reasons.push(`${label} #${++count}`);
    }
  }
  if (policy.keepWithin && decisions.length) {
    const within = parseDuration(policy.keepWithin);
    const newest = decisions[0].snapshot.time.getTime();
    for (const d of decisions) {
      if (newest - d.snapshot.time.getTime() <= within) {
        d.reasons.push(`within ${policy.keepWithin}`);
      }
    }
  }
  if (decisions.length && decisions[0].reasons.length === 0) decisions[0].reasons.push("newest");
  for (const d of decisions) d.keep = d.reasons.length > 0;
  return decisions;
}

function _isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400e3 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
