/**
 * `listArchive`: reads every member (and so every checksum) and reports each one; or, when
 * only names are asked of a remote archive, the manifest beside it gives them.
 * @module
 */
import { isRemote, type StorageSettings } from "../store/store_for.ts";
import { formatFromName } from "../compress/format.ts";
import { makeEntry } from "../tar/entry.ts";
import { offsetsManifest } from "./manifest_file.ts";
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
  /** Sum of member sizes (0 when listed from the manifest). */
  bytes: number;
  /** Whether the names came from the manifest beside a remote archive. */
  fromManifest?: boolean;
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
  /**
   * Only the members' names and whether each is a directory are needed: a remote archive
   * is then listed from its manifest, when it has one with offsets, without fetching it.
   * @default {false}
   */
  namesOnly?: boolean;
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
  { onEntry, program, identities, storage, namesOnly = false }: ListOptions = {},
): Promise<ListSummary> {
  if (namesOnly && !program && isRemote(archive)) {
    const names = await _manifestNames(archive, storage);
    if (names) {
      for (const name of names) {
        const dir = name.endsWith("/");
        onEntry?.(
          makeEntry({ path: dir ? name.slice(0, -1) : name, type: dir ? "directory" : "file" }),
        );
      }
      return {
        format: formatFromName(archive) ?? "tar",
        entries: names.length,
        bytes: 0,
        fromManifest: true,
      };
    }
  }
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

/**
 * The member names the manifest beside `archive` records, in archive order; null without
 * a manifest with offsets, or with a name the reader might decode otherwise.
 */
async function _manifestNames(
  archive: string,
  storage?: StorageSettings,
): Promise<string[] | null> {
  const manifest = await offsetsManifest(archive, storage);
  if (!manifest) return null; // no manifest, an encrypted one, or not one tarz reads
  const names = Object.entries(manifest.offsets).sort((a, b) => a[1] - b[1]).map(([n]) => n);
  return names.some((n) => n.includes("\uFFFD")) ? null : names;
}
