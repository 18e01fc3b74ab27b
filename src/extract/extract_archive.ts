/**
 * `extractArchive`: open, decompress, decode and extract safely, with limits and progress.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import type { Format } from "../compress/format.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import { openArchive, type OpenedArchive } from "../read/open_archive.ts";
import { openSeekable } from "../read/seekable_read.ts";
import { readMembers } from "../read/read_members.ts";
import { memberFilter } from "../rules/member_filter.ts";
import type { TarEntry } from "../tar/entry.ts";
import { CancelledError, controlFor, type RunControl } from "../util/run_control.ts";
import { Extractor, type OverwritePolicy } from "./extractor.ts";

/** Options for {@linkcode extractArchive}. */
export interface ExtractOptions {
  /** Archive path, URL (`s3://bucket/key`), or "-" for standard input. */
  archive: string;
  /**
   * With member arguments (or `include`), read only the frames that hold them, when the
   * archive is seekable (a `.tar.zst` with a seek table, and a manifest with offsets).
   * @default {true}
   */
  seekable?: boolean;
  /**
   * Directory to extract into; created if missing.
   * @default {"."}
   */
  dest?: string;
  /**
   * Leading path components to remove from every name.
   * @default {0}
   */
  stripComponents?: number;
  /**
   * Member arguments, as GNU tar's: names (a directory takes what is inside it) or
   * wildcards (`*` matches "/" too). Those that match nothing are reported in `notFound`.
   */
  members?: string[];
  /** Only members matching one of these globs (or inside a matching directory). */
  include?: string[];
  /** Leave out members matching these globs. */
  exclude?: string[];
  /**
   * What to do with files that already exist.
   * @default {"never"}
   */
  overwrite?: OverwritePolicy;
  /**
   * Refuse archives whose members add up to more bytes than this.
   * @default {1 TiB}
   */
  maxBytes?: number;
  /**
   * Refuse archives with more members than this.
   * @default {10000000}
   */
  maxEntries?: number;
  /**
   * Opt out of the safety filter (keeps modes, owners as root, outward links).
   * @default {false}
   */
  trusted?: boolean;
  /**
   * Give members their owners when run as root, names first (GNU tar's --same-owner).
   * @default {false}
   */
  sameOwner?: boolean;
  /**
   * Keep setuid, setgid, sticky and group/other write bits (GNU tar's -p).
   * @default {false}
   */
  preservePermissions?: boolean;
  /** age identities (secret keys) for an encrypted archive. */
  identities?: string[];
  /** Settings of the store a URL is in (a job's `storage`); the environment wins. */
  storage?: StorageSettings;
  /** Decompress through this program (tar's -I). */
  program?: string;
  /** Progress counters, updated as the run goes. */
  progress?: ProgressState;
  /** Pause and cancel (the CLI's Ctrl-C prompt uses it). */
  control?: RunControl;
  /** Cancels the run when aborted: it stops at the next member, keeping what it wrote. */
  signal?: AbortSignal;
  /** Refused members, kept files and other problems. */
  onWarning?: (message: string) => void;
  /** Called for every member written, with its path under dest. */
  onEntry?: (entry: TarEntry, path: string) => void;
}

/** What an extract run did. */
export interface ExtractSummary {
  /** The archive read. */
  archive: string;
  /** Where it was extracted. */
  dest: string;
  /** The compression detected; "compress" when a program (`program`) decompressed it. */
  format: Format | "compress";
  /** Regular files written. */
  files: number;
  /** Directories created. */
  directories: number;
  /** Symbolic links created. */
  symlinks: number;
  /** Hard links created. */
  hardlinks: number;
  /** Members refused by the safety rules. */
  refused: number;
  /** Of those, symbolic links whose target leaves the destination (`trusted` lets them be). */
  refusedLinks: number;
  /** Existing files kept (overwrite policy). */
  kept: number;
  /** File data written. */
  bytesOut: number;
  /** Archive bytes read (fetched, for a remote archive): its manifest too, when seekable. */
  bytesIn: number;
  /** Whether only the selected members' frames were read (see `seekable`). */
  seekable: boolean;
  /** Wall time of the run. */
  elapsedMs: number;
  /** Every refusal and kept file, as messages. */
  warnings: string[];
  /** Member arguments that matched no member (a warning each). */
  notFound: string[];
}

/**
 * Extracts an archive safely.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createArchive } from "../create/create_archive.ts";
 * import { extractArchive } from "./extract_archive.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tgz` });
 * const s = await extractArchive({ archive: `${dir}/a.tgz`, dest: `${dir}/out` });
 * assert.ok(s.files === 1);
 * ```
 */
export async function extractArchive(given: ExtractOptions): Promise<ExtractSummary> {
  const options = { ...given, control: controlFor(given.control, given.signal) };
  const started = performance.now();
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const selection = memberFilter(options);
  const filter = selection.test;
  const dest = options.dest ?? ".";
  // the archive first: a missing or foreign one leaves no destination directory behind
  const archive = await _open(options);
  const extractor = new Extractor({
    dest,
    stripComponents: options.stripComponents,
    filter,
    overwrite: options.overwrite,
    maxBytes: options.maxBytes,
    maxEntries: options.maxEntries,
    trusted: options.trusted,
    sameOwner: options.sameOwner,
    preservePermissions: options.preservePermissions,
    progress: options.progress,
    control: options.control,
    onRefused: (m, why) => warn(`refused ${m}: ${why}`),
    onKept: (p) => warn(`kept existing ${p} (use --overwrite newer|always to replace it)`),
    onExtracted: options.onEntry,
  });
  const progress = options.progress;
  if (progress) {
    progress.bytesTotal = archive.size;
    progress.countFrom(() => archive.bytesRead());
  }
  try {
    // with a size limit, the tail after the end marker is bounded too (1 MiB at least, so
    // the compression checksums of an honest archive's tail are still checked)
    const drain = options.maxBytes === undefined ? true : Math.max(options.maxBytes, 1 << 20);
    for await (const member of readMembers(archive, options.archive, { drain })) {
      if (options.control) await options.control.checkpoint();
      await extractor.extract(member);
    }
  } catch (e) {
    try {
      extractor.finish();
    } catch { /* the first error is the one to report */ }
    if (e instanceof CancelledError) throw _leftBehind(e, extractor.counts, dest);
    throw e;
  }
  extractor.finish();
  const c = extractor.counts;
  const notFound = selection.notFound();
  for (const m of notFound) warn(`${m}: not found in the archive`);
  return {
    archive: options.archive,
    dest,
    format: archive.format,
    files: c.files,
    directories: c.directories,
    symlinks: c.symlinks,
    hardlinks: c.hardlinks,
    refused: c.refused,
    refusedLinks: c.refusedLinks,
    kept: c.kept,
    bytesOut: c.bytes,
    bytesIn: archive.bytesRead(),
    seekable: archive.seekable ?? false,
    elapsedMs: performance.now() - started,
    warnings,
    notFound,
  };
}

/**
 * The archive, opened on the selected members alone where it is seekable (only their
 * frames are read), else whole.
 */
async function _open(options: ExtractOptions): Promise<OpenedArchive> {
  const some = options.members?.length || options.include?.length;
  if (some && !options.program && options.seekable !== false) {
    const wanted = memberFilter(options).test!;
    const seekable = await openSeekable(options.archive, wanted, options.storage);
    if (seekable) return seekable;
  }
  return await openArchive(options.archive, options.program, options.identities, {
    storage: options.storage,
  });
}

/** The cancellation, saying what this run had written: it stays, and the rest is not there. */
function _leftBehind(e: CancelledError, c: Extractor["counts"], dest: string): CancelledError {
  const counts: [number, string, string][] = [
    [c.files, "file", "files"],
    [c.directories, "directory", "directories"],
    [c.symlinks + c.hardlinks, "link", "links"],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, one, many]) =>
    `${n} ${n === 1 ? one : many}`
  );
  if (!parts.length) return e;
  const left = `${parts.join(", ")} extracted before it stay in ${dest}`;
  return new CancelledError(e.message, {
    cause: e,
    left: `${left}; the member being written was removed`,
  });
}
