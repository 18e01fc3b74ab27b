/**
 * `listArchive`: reads every member (and so every checksum) and reports each one.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import type { Format } from "../compress/format.ts";
import type { TarEntry } from "../tar/entry.ts";
import { openArchive } from "./open_archive.ts";
import { visitMembers } from "./read_members.ts";

/** What a listing found. */
export interface ListSummary {
  /** The compression detected; "compress" when a program (`program`) decompressed it. */
  format: Format | "compress";
  /** Members listed. */
  entries: number;
  /** Sum of member sizes. */
  bytes: number;
}

/** Options for {@linkcode listArchive}. */
export interface ListOptions {
  /** Called for each member, in archive order. */
  onEntry?: (entry: TarEntry) => void;
  /** Decompress through this program (tar's -I), run with -d. */
  program?: string;
  /** age identities (secret keys) for an encrypted archive. */
  identities?: string[];
  /** Settings of the store a URL is in (a job's `storage`); the environment wins. */
  storage?: StorageSettings;
}

/**
 * Lists an archive, calling `onEntry` for each member in archive order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createArchive } from "../create/create_archive.ts";
 * import { listArchive } from "./list_archive.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tar` });
 * const names: string[] = [];
 * await listArchive(`${dir}/a.tar`, { onEntry: (e) => names.push(e.path) });
 * assert.ok(names[0] === "a.txt");
 * ```
 */
export async function listArchive(
  archive: string,
  { onEntry, program, identities, storage }: ListOptions = {},
): Promise<ListSummary> {
  const opened = await openArchive(archive, program, identities, { storage });
  let entries = 0;
  let bytes = 0;
  await visitMembers(opened, archive, (m) => {
    entries++;
    bytes += m.entry.size;
    onEntry?.(m.entry);
  });
  return { format: opened.format, entries, bytes };
}
