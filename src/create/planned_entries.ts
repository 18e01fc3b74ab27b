/**
 * What the tar encoder is fed: the plan as the walk goes, or the whole plan made first (with
 * the plugins' transforms and an incremental backup's adjustments).
 * @module
 */
import type { Format } from "../compress/format.ts";
import type { HookRunner } from "../plugin/hook_runner.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import { EventLoopTurns } from "../util/event_loop_turns.ts";
import { systemOwnerNames } from "../walk/owner_names.ts";
import type { WalkItem } from "../walk/walker.ts";
import { type Plan, planLazily, type PlannedEntry, type PlanOptions } from "./plan.ts";
import { countedAhead } from "./scan_ahead.ts";
import type { Resolved } from "./create_options.ts";
import { planMode } from "./plan_mode.ts";

/** Runs the transformEntry chain over every planned entry, keeping the totals right. */
async function _transform(plan: Plan, plugins: HookRunner): Promise<void> {
  for (const planned of plan.entries) {
    const before = planned.entry;
    const r = await plugins.transformEntry({
      path: before.path,
      fsPath: planned.fsPath,
      entry: before,
    });
    const after = r.entry.entry;
    // what a plugin may not change: the name, the type and what links point to
    Object.assign(before, {
      mode: after.mode & 0o7777,
      mtime: after.mtime,
      uid: after.uid,
      gid: after.gid,
      uname: after.uname,
      gname: after.gname,
    });
    if (r.content && before.type === "file") {
      plan.totals.bytes += r.content.length - before.size;
      before.size = r.content.length;
      planned.content = r.content;
    }
  }
}

/** What the encoder is fed: the whole plan, made first, or the plan as the walk goes. */
export async function plannedEntries(
  items: Iterable<WalkItem>,
  options: Resolved,
  format: Format,
  totals: Plan["totals"],
  progress: ProgressState,
  warn: (m: string) => void,
): Promise<Iterable<PlannedEntry>> {
  const planOptions = {
    owners: systemOwnerNames(),
    reproducible: options.reproducible,
    mtimeClamp: options.mtime,
    specialFiles: options.specialFiles,
  };
  if (planMode(options, format) === "stream") {
    // the plan streams into the encoder as the walk goes on; the totals grow with it
    const planned = planLazily(items, planOptions, totals, warn);
    const counted = countedAhead(planned, progress, options.scanAhead ?? 0);
    return options.onEntry ? _listed(counted, options.onEntry) : counted;
  }
  const plan = await _planAll(items, planOptions, totals, warn);
  options.adjustPlan?.(plan);
  if (options.plugins?.has("transformEntry")) await _transform(plan, options.plugins);
  progress.bytesTotal = totals.bytes;
  progress.entriesTotal = plan.entries.length;
  progress.filesTotal = plan.entries.filter((p) => p.entry.type === "file").length;
  if (options.onEntry) { for (const p of plan.entries) options.onEntry(p.entry); }
  return plan.entries;
}

/** `entries`, each passed to `onEntry` as it is pulled. */
function* _listed(
  entries: Iterable<PlannedEntry>,
  onEntry: (e: PlannedEntry["entry"]) => void,
): Generator<PlannedEntry> {
  for (const p of entries) {
    onEntry(p.entry);
    yield p;
  }
}

/** The whole plan, walked with event-loop turns between items so progress stays live. */
async function _planAll(
  items: Iterable<WalkItem>,
  options: PlanOptions,
  totals: Plan["totals"],
  warn: (m: string) => void,
): Promise<Plan> {
  const plan: Plan = { entries: [], totals, warnings: [] };
  const turns = new EventLoopTurns();
  // an adjustPlan sees the paths left out, as the plan's type promises
  const planned = planLazily(items, options, totals, (w) => {
    plan.warnings.push(w);
    warn(w);
  });
  for (const p of planned) {
    plan.entries.push(p);
    if (turns.due()) await turns.take();
  }
  return plan;
}
