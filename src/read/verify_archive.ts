/**
 * `verifyArchive`: decodes the whole archive — every header checksum and the compression
 * checksums to the end of the stream — and optionally compares it with a directory.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import type { Format } from "../compress/format.ts";
import { openablePath, readLinkName, statName } from "../walk/fs_names.ts";
import type { RawFileInfo } from "../util/libc.ts";
import { createHash } from "node:crypto";
import { openArchive } from "./open_archive.ts";
import { readMembers } from "./read_members.ts";
import { sanitizePath } from "../extract/safe_path.ts";

/** One difference between the archive and the directory. */
export interface Difference {
  /** The member it concerns. */
  path: string;
  /** What differs, e.g. "content differs". */
  what: string;
}

/** What verification found. */
export interface VerifySummary {
  /** The compression detected; "compress" when a program (`program`) decompressed it. */
  format: Format | "compress";
  /** Members decoded. */
  entries: number;
  /** Member data decoded. */
  bytes: number;
  /** Everything that did not match; empty when all is well. */
  differences: Difference[];
}

/** Options for {@linkcode verifyArchive}. */
export interface VerifyOptions {
  /** A directory to compare every member with (`verify --against`). */
  against?: string;
  /** Decompress through this program (tar's -I), run with -d. */
  program?: string;
  /** sha256 by archive path (a manifest's `files`) to check every regular file against. */
  manifest?: Record<string, string>;
  /** age identities (secret keys) for an encrypted archive. */
  identities?: string[];
  /** Settings of the store a URL is in (a job's `storage`); the environment wins. */
  storage?: StorageSettings;
}

/**
 * Verifies an archive; with `against`, compares type, size, mode, mtime, link target and
 * content of every member with the files under that directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createArchive } from "../create/create_archive.ts";
 * import { verifyArchive } from "./verify_archive.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tar.gz` });
 * const s = await verifyArchive(`${dir}/a.tar.gz`, { against: dir });
 * assert.ok(s.differences.length === 0);
 * ```
 */
export async function verifyArchive(
  archive: string,
  options: VerifyOptions = {},
): Promise<VerifySummary> {
  const opened = await openArchive(archive, options.program, options.identities, {
    storage: options.storage,
  });
  const differences: Difference[] = [];
  let entries = 0;
  let bytes = 0;
  const listed = new Set(Object.keys(options.manifest ?? {}));
  for await (const m of readMembers(opened, archive)) {
    entries++;
    const e = m.entry;
    if (e.path === "") {
      differences.push({ path: `member ${entries} (at byte ${m.offset})`, what: "it has no name" });
    }
    const hash = options.against || options.manifest ? createHash("sha256") : null;
    for await (const c of m.body()) {
      bytes += c.length;
      hash?.update(c);
    }
    if (!hash) continue;
    if (options.manifest && e.type === "file") {
      const want = options.manifest[e.path];
      listed.delete(e.path);
      if (want === undefined) differences.push({ path: e.path, what: "not in the manifest" });
      else if (want !== hash.copy().digest("hex")) {
        differences.push({ path: e.path, what: "content differs from the manifest" });
      }
    }
    if (!options.against) continue;
    const safe = sanitizePath(e.path);
    if (!safe.ok) {
      differences.push({ path: e.path, what: safe.reason });
      continue;
    }
    const path = `${options.against}/${safe.parts.join("/")}`;
    const diff = (what: string) => differences.push({ path: e.path, what });
    let st: RawFileInfo;
    try {
      st = statName(path); // names that are not UTF-8 too
    } catch {
      diff("missing on disk");
      continue;
    }
    const type = _typeOnDisk(st);
    const want = e.type === "hardlink" ? "file" : e.type;
    if (type !== want) {
      diff(`type: archive has ${e.type}, disk has ${type}`);
      continue;
    }
    if (e.type === "file" && !e.sparse && st.size !== e.size) {
      diff(`size: archive ${e.size}, disk ${st.size}`);
    }
    if (type !== "symlink" && ((st.mode ?? 0) & 0o7777) !== (e.mode & 0o7777)) {
      diff(
        `mode: archive ${(e.mode & 0o7777).toString(8)}, disk ${
          ((st.mode ?? 0) & 0o7777).toString(8)
        }`,
      );
    }
    const diskMtime = Math.floor((st.mtime?.getTime() ?? 0) / 1000);
    if (type !== "symlink" && type !== "directory" && diskMtime !== Math.floor(e.mtime)) {
      diff(`mtime: archive ${Math.floor(e.mtime)}, disk ${diskMtime}`);
    }
    if (e.type === "symlink") {
      const t = readLinkName(path);
      if (t !== e.linkname) diff(`link target: archive ${e.linkname}, disk ${t}`);
    }
    if (e.type === "file" && !e.sparse && st.size === e.size) {
      const disk = createHash("sha256");
      const f = await Deno.open(openablePath(path));
      try {
        for await (const c of f.readable) disk.update(c);
      } catch { /* closed by the stream */ }
      if (disk.digest("hex") !== hash.digest("hex")) diff("content differs");
    }
  }
  for (const path of listed) {
    differences.push({ path, what: "in the manifest but not in the archive" });
  }
  return { format: opened.format, entries, bytes, differences };
}

/** The member type a file on disk would be archived as ("other" for a socket). */
function _typeOnDisk(st: RawFileInfo): string {
  if (st.isFile) return "file";
  if (st.isDirectory) return "directory";
  if (st.isSymlink) return "symlink";
  if (st.isFifo) return "fifo";
  if (st.isCharDevice) return "char-device";
  if (st.isBlockDevice) return "block-device";
  return "other";
}
