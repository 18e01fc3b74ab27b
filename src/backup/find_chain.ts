/**
 * The chain a restore applies, found from the archives themselves: the newest archive made
 * at or before the moment asked for, then the archive each incremental names as its base,
 * back to a full one. The snapshot file is not needed, so a lost or damaged one can't make
 * a restore apply less than the chain. Also the checks on a deletion record, which is
 * input like any member. Pure, with the reading of records passed in.
 * @module
 */
import { z } from "zod";
import { TarzError } from "../errors.ts";
import { sanitizePath } from "../extract/safe_path.ts";
import { baseName } from "../util/paths.ts";
import type { IncrementalRecord } from "./incremental.ts";

/** An archive of the job, as the restore sees it. */
export interface ChainCandidate {
  /** Its path. */
  path: string;
  /** When it was made. */
  time: Date;
}

/** One archive to apply, with its deletion record if it is an incremental one. */
export interface ChainStep {
  path: string;
  record?: IncrementalRecord;
}

const _record = z.object({ base: z.string().min(1), deleted: z.array(z.string()) });

/**
 * Checks a deletion record's text. Throws a {@linkcode TarzError} naming `archive` when it
 * is not one.
 */
export function parseRecord(text: string, archive: string): IncrementalRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TarzError(
      `${archive} has a damaged deletion record: it is not JSON`,
      undefined,
      _HINT,
      { cause: e, remedy: "restore-earlier" },
    );
  }
  const parsed = _record.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TarzError(
      `${archive} has a damaged deletion record: ${issue.message} at ${
        issue.path.join(".") || "its top"
      }`,
      undefined,
      _HINT,
      { remedy: "restore-earlier" },
    );
  }
  return parsed.data;
}

const _HINT = "restore an earlier point in time, or back up again to start a new full archive";

/**
 * A deletion as the parts of a path inside the destination, or why it is refused: it must
 * name something below the destination, never the destination itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deletionTarget } from "./find_chain.ts";
 * assert.deepEqual(deletionTarget("src/a.txt"), { ok: true, parts: ["src", "a.txt"] });
 * assert.equal(deletionTarget(".").ok, false);
 * assert.equal(deletionTarget("../x").ok, false);
 * ```
 */
export function deletionTarget(
  path: string,
): { ok: true; parts: string[] } | { ok: false; reason: string } {
  if (path.startsWith("/")) return { ok: false, reason: "it is an absolute path" };
  const safe = sanitizePath(path);
  if (!safe.ok) return safe;
  if (safe.parts.length === 0) return { ok: false, reason: "it names the destination itself" };
  return { ok: true, parts: safe.parts };
}

/**
 * The archives to apply, oldest first, to restore the state at `at`, from `archives` (the
 * job's, any order). `readRecord` gives an archive's deletion record, or undefined for a
 * full archive. Fails when an incremental's base is missing, and on a loop of bases.
 */
export async function findChain(
  archives: ChainCandidate[],
  at: Date,
  readRecord: (path: string) => Promise<IncrementalRecord | undefined>,
): Promise<ChainStep[]> {
  const sorted = [...archives].sort((a, b) => a.time.getTime() - b.time.getTime());
  const newest = sorted.findLast((a) => a.time.getTime() <= at.getTime());
  if (!newest) return [];
  const byName = new Map(sorted.map((a) => [baseName(a.path), a]));
  const steps: ChainStep[] = [];
  const seen = new Set<string>();
  for (let current: ChainCandidate | undefined = newest; current;) {
    if (seen.has(current.path)) {
      throw new TarzError(`Cannot restore: the archives' bases form a loop at ${current.path}`);
    }
    seen.add(current.path);
    const record = await readRecord(current.path);
    steps.push({ path: current.path, record });
    if (!record) break;
    const base = byName.get(record.base);
    if (!base) {
      throw new TarzError(
        `Cannot restore: ${current.path} builds on ${record.base}, which is missing`,
        undefined,
        "put the missing archive back, or restore an earlier point in time",
        { remedy: "restore-earlier" },
      );
    }
    current = base;
  }
  return steps.reverse();
}
