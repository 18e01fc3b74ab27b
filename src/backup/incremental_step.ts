/**
 * The incremental part of one backup run: it reads the job's snapshot file, decides whether
 * this archive is a full or an incremental one, cuts the plan down to the changes, and once
 * the archive is safe records it in the snapshot file's history.
 * @module
 */
import type { Plan } from "../create/plan.ts";
import type { JobConfig } from "../config/types.ts";
import { baseName } from "../util/paths.ts";
import { makeIncremental, needsFull, signature, type SnapshotState } from "./incremental.ts";
import { readSnapshotFile, SnapshotError, writeSnapshotFile } from "./snapshot_file.ts";
import { type StorageSettings, storeFor } from "../store/store_for.ts";

/** What {@linkcode startIncremental} decided, and how to finish it. */
export interface IncrementalStep {
  kind: "full" | "incremental";
  /** Turns the full plan into this archive's plan, and notes the signatures to save. */
  adjustPlan(plan: Plan): void;
  /** The paths deleted since the last archive, once `adjustPlan` ran (none for a full one). */
  readonly deleted: string[];
  /** Adds `archive`, now on disk, to the history, dropping links whose archive is gone. */
  record(archive: string): void;
}

/**
 * Starts the incremental part of a run at `started`. A damaged snapshot file is moved
 * aside to `<file>.damaged` (with a warning) and the archive is a full one; with `dryRun`
 * it stays, and `record` must not be called.
 */
export async function startIncremental(
  snapshotPath: string,
  config: NonNullable<JobConfig["incremental"]>,
  started: Date,
  warn: (message: string) => void,
  dryRun = false,
  storage?: StorageSettings,
): Promise<IncrementalStep> {
  let previous: SnapshotState | undefined;
  try {
    previous = readSnapshotFile(snapshotPath);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    if (dryRun) {
      warn(`${e.message}; a backup would move it aside and make a full archive`);
    } else {
      Deno.renameSync(snapshotPath, `${snapshotPath}.damaged`);
      warn(`${e.message}; moved it to ${snapshotPath}.damaged and made a full archive`);
    }
  }
  const present = await _present(previous?.chain.map((l) => l.archive) ?? [], storage);
  const exists = (archive: string) => present.has(archive);
  const full = needsFull(previous, config.fullEvery, started, exists);
  let signatures: Record<string, string> = {};
  const deleted: string[] = [];
  return {
    kind: full ? "full" : "incremental",
    deleted,
    adjustPlan(plan) {
      if (full) {
        for (const p of plan.entries) signatures[p.entry.path] = signature(p.entry);
        return;
      }
      const base = baseName(previous!.chain.at(-1)!.archive);
      const made = makeIncremental(plan, previous!.files, base);
      signatures = made.signatures;
      deleted.push(...made.deleted);
    },
    record(archive) {
      if (dryRun) throw new TypeError("IncrementalStep.record: a dry run records nothing");
      // the whole history, not only the current chain: retention and restore --at need the
      // chains of older archives too
      const chain = (previous?.chain ?? []).filter((l) => exists(l.archive));
      chain.push({ archive, kind: full ? "full" : "incremental", time: started.toISOString() });
      writeSnapshotFile(snapshotPath, { version: 1, chain, files: signatures });
    },
  };
}

/** Which of `archives` are still there, wherever they are. */
async function _present(archives: string[], storage?: StorageSettings): Promise<Set<string>> {
  const found = await Promise.all(archives.map(async (a) => {
    const { store, key } = storeFor(a, storage);
    return (await store.stat(key)) ? a : null;
  }));
  return new Set(found.filter((a) => a !== null));
}
