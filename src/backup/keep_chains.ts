/**
 * Retention never breaks a chain it keeps: an incremental archive is only restorable with
 * every archive back to the full one it builds on. This widens retention's decisions to
 * whole chains. Pure.
 * @module
 */
import { type ChainLink, chainOf } from "./incremental.ts";
import type { RetentionDecision, Snapshot } from "./retention.ts";

/** An archive as retention sees it, with the path its chain links name. */
export interface ChainedSnapshot extends Snapshot {
  path: string;
}

/**
 * Keeps, for every kept archive, the rest of its chain as `history` (the snapshot file's
 * list of the job's archives, oldest first) records it. An archive of an incremental job
 * that `history` doesn't know may build on any older one it doesn't know either, so all
 * those are kept with it. Changes `decisions` in place and returns them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { keepChains } from "./keep_chains.ts";
 * const at = (d: number) => new Date(Date.UTC(2026, 0, d));
 * const snap = (id: string, d: number) => ({ id, path: `/b/${id}`, time: at(d) });
 * const decisions = [
 *   { snapshot: snap("inc", 2), keep: true, reasons: ["last #1"] },
 *   { snapshot: snap("full", 1), keep: false, reasons: [] },
 * ];
 * keepChains(decisions, [
 *   { archive: "/b/full", kind: "full", time: at(1).toISOString() },
 *   { archive: "/b/inc", kind: "incremental", time: at(2).toISOString() },
 * ], true);
 * assert.deepEqual(decisions[1].reasons, ["chain of inc"]);
 * ```
 */
export function keepChains<S extends ChainedSnapshot>(
  decisions: RetentionDecision<S>[],
  history: ChainLink[],
  incremental: boolean,
): RetentionDecision<S>[] {
  const known = new Set(history.map((l) => l.archive));
  const byPath = new Map(decisions.map((d) => [d.snapshot.path, d]));
  for (const d of decisions.filter((x) => x.keep)) {
    for (const link of chainOf(history, d.snapshot.path)) {
      const needed = byPath.get(link.archive);
      if (needed && needed !== d) _keep(needed, `chain of ${d.snapshot.id}`);
    }
  }
  if (!incremental) return decisions;
  const unknown = decisions.filter((d) => !known.has(d.snapshot.path));
  const newestKept = unknown.find((d) => d.keep);
  if (!newestKept) return decisions;
  const t = newestKept.snapshot.time.getTime();
  for (const d of unknown) {
    if (d !== newestKept && d.snapshot.time.getTime() <= t) {
      _keep(d, `maybe chain of ${newestKept.snapshot.id} (not in the snapshot file)`);
    }
  }
  return decisions;
}

function _keep(d: RetentionDecision<ChainedSnapshot>, reason: string): void {
  if (d.reasons.some((r) => r.startsWith("chain of ") || r.startsWith("maybe chain of "))) return;
  d.reasons.push(reason);
  d.keep = true;
}
