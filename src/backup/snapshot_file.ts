/**
 * The job's snapshot file (`<stateDir>/<job>.snapshot.json`): every archive of the job that
 * is still on disk, oldest first, each a full or an incremental one, and the signatures of
 * what the newest archive described. Retention reads the chains from it; a damaged file is
 * named, never taken as empty.
 * @module
 */
import { z } from "zod";
import { TarzError } from "../errors.ts";
import { writeTextAtomically } from "../sink/atomic_text.ts";
import type { SnapshotState } from "./incremental.ts";

const _schema = z.object({
  version: z.literal(1),
  chain: z.array(z.object({
    archive: z.string().min(1),
    kind: z.enum(["full", "incremental"]),
    time: z.string().refine((t) => !Number.isNaN(Date.parse(t)), "not a time"),
  })),
  files: z.record(z.string(), z.string()),
});

/** A snapshot file that exists but cannot be used. */
export class SnapshotError extends TarzError {
  /** Always "SnapshotError". */
  override name = "SnapshotError";
  /** `path` is the file; `problem` says what is wrong with it. */
  constructor(readonly path: string, problem: string, options?: ErrorOptions) {
    super(
      `The snapshot file ${path} is damaged: ${problem}`,
      undefined,
      "move it aside and run tarz backup: the next archive is then a full one",
      options,
    );
  }
}

/**
 * Reads a job's snapshot file: undefined when there is none; a {@linkcode SnapshotError}
 * when it is there but empty, not JSON, or not a snapshot.
 */
export function readSnapshotFile(path: string): SnapshotState | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new SnapshotError(path, (e as Error).message, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(path, text.trim() ? "it is not JSON" : "it is empty", { cause: e });
  }
  const parsed = _schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new SnapshotError(path, `${issue.message}${where}`);
  }
  return parsed.data;
}

/** Writes a job's snapshot file atomically. */
export function writeSnapshotFile(path: string, state: SnapshotState): void {
  writeTextAtomically(path, JSON.stringify(state) + "\n");
}
