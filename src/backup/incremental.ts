/**
 * Incremental archives. The job's snapshot file records what its last archive held (a
 * signature per path: type, size, mtime, mode, link target). An incremental archive keeps
 * every directory, the paths that are new or changed, and a first member,
 * `.tarz-incremental.json`, that lists the paths deleted since. Restoring applies the full
 * archive, then each incremental in turn, deleting what each one lists. The planning part
 * is pure.
 * @module
 */
import type { Plan, PlannedEntry } from "../create/plan.ts";
import { makeEntry, type TarEntry } from "../tar/entry.ts";
import { parseDuration } from "./retention.ts";

/** The name of the member that carries an incremental archive's deletions. */
export const INCREMENTAL_MEMBER = ".tarz-incremental.json";

/** One archive of a chain. */
export interface ChainLink {
  archive: string;
  kind: "full" | "incremental";
  time: string;
}

/** The job's snapshot file. */
export interface SnapshotState {
  version: 1;
  chain: ChainLink[];
  /** Signature of every path the last archive described. */
  files: Record<string, string>;
}

/** What `.tarz-incremental.json` holds. */
export interface IncrementalRecord {
  /** The archive this one builds on. */
  base: string;
  deleted: string[];
}

/** The signature of an entry: what changing it would change. Pure. */
export function signature(e: TarEntry): string {
  return `${e.type}:${e.size}:${Math.floor(e.mtime)}:${e.mode & 0o7777}:${e.linkname}`;
}

/** Whether the next archive should be a full one. Pure. */
export function needsFull(
  state: SnapshotState | undefined,
  fullEvery: string | number,
  now: Date,
  exists: (archive: string) => boolean,
): boolean {
  if (!state?.chain.length) return true;
  const lastFull = state.chain.findLastIndex((l) => l.kind === "full");
  if (lastFull < 0) return true;
  // a chain with a missing link cannot be restored: start again
  if (state.chain.slice(lastFull).some((l) => !exists(l.archive))) return true;
  if (typeof fullEvery === "number") return state.chain.length - 1 - lastFull >= fullEvery;
  return now.getTime() - Date.parse(state.chain[lastFull].time) >= parseDuration(fullEvery);
}

/**
 * Turns a full plan into an incremental one against `previous` signatures: keeps the
 * directories and what is new or changed (with every name of a changed hardlinked file),
 * and puts the deletion record first. Returns the signatures of the full plan, to save.
 */
export function makeIncremental(
  plan: Plan,
  previous: Record<string, string>,
  base: string,
): { signatures: Record<string, string>; deleted: string[] } {
  const signatures: Record<string, string> = {};
  for (const p of plan.entries) signatures[p.entry.path] = signature(p.entry);
  const changed = (p: PlannedEntry) => previous[p.entry.path] !== signatures[p.entry.path];
  // hardlink groups travel together: a link is only restorable beside its target
  const needed = new Set<string>();
  for (const p of plan.entries) {
    if (p.entry.type === "hardlink" && changed(p)) needed.add(p.entry.linkname);
  }
  const kept = plan.entries.filter((p) =>
    p.entry.type === "directory" || changed(p) || needed.has(p.entry.path) ||
    (p.entry.type === "hardlink" && needed.has(p.entry.linkname))
  );
  const deleted = Object.keys(previous).filter((path) => !(path in signatures)).sort();
  const record: IncrementalRecord = { base, deleted };
  const content = new TextEncoder().encode(JSON.stringify(record, null, 1) + "\n");
  const member: PlannedEntry = {
    entry: makeEntry({ path: INCREMENTAL_MEMBER, type: "file", size: content.length, mode: 0o644 }),
    fsPath: "",
    content,
  };
  plan.entries = [member, ...kept];
  const files = kept.filter((p) => p.entry.type === "file");
  plan.totals.files = files.length;
  plan.totals.bytes = files.reduce((n, p) => n + p.entry.size, 0);
  plan.totals.directories = kept.filter((p) => p.entry.type === "directory").length;
  plan.totals.symlinks = kept.filter((p) => p.entry.type === "symlink").length;
  plan.totals.hardlinks = kept.filter((p) => p.entry.type === "hardlink").length;
  return { signatures, deleted };
}

/** The links a kept archive needs: its chain back to the full archive it builds on. Pure. */
export function chainOf(chain: ChainLink[], archive: string): ChainLink[] {
  const i = chain.findIndex((l) => l.archive === archive);
  if (i < 0) return [];
  let full = i;
  while (full > 0 && chain[full].kind !== "full") full--;
  return chain.slice(full, i + 1);
}
