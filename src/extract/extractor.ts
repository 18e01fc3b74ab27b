/**
 * The safe extractor (file system adapter). It never writes through a symlink: every parent
 * of every member is checked with lstat and created as a real directory, files are created
 * with O_EXCL after unlinking what was there, links are checked before they exist, and
 * directory modes and times are applied at the end to directories that are still real
 * directories. Once there is enough to write, a second thread writes the files (see
 * file_writer.ts) while this one decides the next members; this thread waits for it before
 * it looks at the file system again, so every check sees what the members before wrote.
 * See docs/safety.md for the whole model.
 * @module
 */
import { sparsePieces } from "../tar/sparse.ts";
import { DestTree } from "./dest_tree.ts";
import { encodeName, hasRawBytes } from "../tar/name_bytes.ts";
import { type Libc, libc } from "../util/libc.ts";
import { RawNames } from "./raw_names.ts";
import { TarzError } from "../errors.ts";
import type { DecodedMember } from "../tar/reader.ts";
import type { TarEntry } from "../tar/entry.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { FileWriter, type WriteOutcome } from "./file_writer.ts";
import { type FileMeta, finishFile } from "./finish_file.ts";
import { checkLinkTarget } from "./link_target.ts";
import { OwnerIds } from "./owner_ids.ts";
import { safeMode, sanitizePath } from "./safe_path.ts";
import { environmentError, shortName } from "../util/fs_errors.ts";

/** What to do when a file already exists in the destination. */
export type OverwritePolicy = "never" | "newer" | "always";

/** Thrown when the archive goes over the `maxBytes` or `maxEntries` limit. */
export class LimitError extends TarzError {
  override name = "LimitError";
}

/** Options for {@linkcode Extractor}. */
export interface ExtractorOptions {
  dest: string;
  /** @default {0} */
  stripComponents?: number;
  /** Decides whether a member is extracted, from its sanitised name before stripping. */
  filter?: (path: string) => boolean;
  /** @default {"never"} */
  overwrite?: OverwritePolicy;
  /** Largest total of member sizes, in bytes. @default {1 TiB} */
  maxBytes?: number;
  /** Most members. @default {10_000_000} */
  maxEntries?: number;
  /** Deepest path. @default {1024} */
  maxDepth?: number;
  /**
   * Opt out of the safety filter: keep modes, restore owners as root, allow outward links.
   * Never writing through links stays on.
   * @default {false}
   */
  trusted?: boolean;
  /**
   * Give members their owners when run as root, by user and group name first, then by id
   * (GNU tar's --same-owner). `trusted` implies it.
   * @default {false}
   */
  sameOwner?: boolean;
  /**
   * Keep every mode bit: setuid, setgid, sticky, group and other write (GNU tar's -p).
   * `trusted` implies it.
   * @default {false}
   */
  preservePermissions?: boolean;
  progress?: ProgressState;
  control?: RunControl;
  /** A member was refused (it is skipped; the run goes on). */
  onRefused?: (member: string, reason: string) => void;
  /** An existing file was kept (overwrite policy). */
  onKept?: (path: string) => void;
  /** A member was written (in archive order, once it is on disk). */
  onExtracted?: (entry: TarEntry, path: string) => void;
  /**
   * Write files on a second thread while this one reads the archive, once there is enough
   * to write to pay for starting it (64 files, or a file of 1 MiB).
   * @default {true}
   */
  writerThread?: boolean;
}

// at most the tar reader's chunk (1 MiB), which it keeps intact for one more read
const SMALL = 1 << 18;
// what makes the writer thread (about 15 ms to start) worth it
const WRITER_AFTER_FILES = 64;
const WRITER_AFTER_BYTES = 1 << 20;

/** Whether one part of a name is over NAME_MAX (255 bytes on nearly every file system). */
function _overNameMax(part: string): boolean {
  return part.length > 85 && new TextEncoder().encode(part).length > 255;
}

/** Whether a path reaches PATH_MAX (4096 bytes on Linux, 1024 on macOS: the larger). */
function _overPathMax(path: string): boolean {
  return path.length > 1365 && new TextEncoder().encode(path).length >= 4096;
}

/**
 * What making room for a member found: the name is free (or made free), a directory merges
 * into the one there, the overwrite policy keeps what is there, or the member is refused.
 */
type _Cleared =
  | { kind: "free" }
  | { kind: "merge" }
  | { kind: "kept" }
  | { kind: "refused"; reason: string };

/** A member done, to be reported once the files handed to the writer before it are. */
interface _Done {
  entry: TarEntry;
  key: string;
  /** The writer's ticket for a file it writes; -1 for a member done on this thread. */
  ticket: number;
}

/** Extracts members one by one into a destination directory. */
export class Extractor {
  readonly #o:
    & Required<Pick<ExtractorOptions, "overwrite" | "maxBytes" | "maxEntries" | "maxDepth">>
    & ExtractorOptions;
  /** What this run knows of the destination, and what it created there. */
  readonly #tree = new DestTree();
  #raw: RawNames | null | undefined; // names that are not UTF-8, once one is met
  /** Owners to give, when root was asked to give them; null: leave them to the process. */
  readonly #owners: OwnerIds | null;
  #bytes = 0;
  #entries = 0;
  #writer: FileWriter | null = null;
  #filesSeen = 0;
  readonly #waiting: _Done[] = []; // in archive order, behind the writer's oldest file
  /** Counts for the summary. */
  readonly counts = {
    files: 0,
    directories: 0,
    symlinks: 0,
    hardlinks: 0,
    refused: 0,
    refusedLinks: 0,
    kept: 0,
    bytes: 0,
  };

  constructor(options: ExtractorOptions) {
    this.#o = {
      overwrite: "never",
      maxBytes: 2 ** 40,
      maxEntries: 10_000_000,
      maxDepth: 1024,
      ...options,
    };
    const owners = (options.trusted || options.sameOwner) && Deno.uid?.() === 0;
    this.#owners = owners ? new OwnerIds() : null;
    const dest = this.#o.dest;
    let made: unknown;
    try {
      Deno.mkdirSync(dest, { recursive: true });
    } catch (e) {
      made = e; // reported below, if the directory is not there after all
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(dest);
    } catch (e) {
      const why = environmentError(made ?? e);
      throw new TarzError(
        `Cannot extract into ${dest}: ${
          why ? why.message.replace(/^.*?: /, "") : "it cannot be created"
        }`,
        1,
        why?.hint,
        { cause: made ?? e },
      );
    }
    if (!info.isDirectory) throw new TarzError(`Cannot extract into ${dest}: not a directory`);
  }

  /** Extracts one member (or refuses it). Its body is consumed or left for the reader to skip. */
  async extract(member: DecodedMember): Promise<void> {
    const e = member.entry;
    if (++this.#entries > this.#o.maxEntries) {
      throw new LimitError(
        `Cannot extract: the archive has more than ${this.#o.maxEntries} members, the limit`,
        undefined,
        undefined,
        { remedy: "max-entries" },
      );
    }
    const logical = e.type === "file" ? e.size : 0;
    if (this.#bytes + logical > this.#o.maxBytes) {
      throw new LimitError(
        `Cannot extract ${e.path}: the archive holds more than ${this.#o.maxBytes} bytes, the limit`,
        undefined,
        undefined,
        { remedy: "max-bytes" },
      );
    }
    this.#bytes += logical;
    if (e.path === "") {
      return this.#refuse(`member ${this.#entries} (at byte ${member.offset})`, "it has no name");
    }
    const strip = this.#o.stripComponents ?? 0;
    const safe = sanitizePath(e.path, { maxDepth: this.#o.maxDepth + strip });
    if (!safe.ok) return this.#refuse(e.path, safe.reason);
    // member selection matches archive names, before --strip-components (as in GNU tar)
    if (this.#o.filter && !this.#o.filter(safe.parts.join("/"))) return;
    const parts = safe.parts.slice(strip);
    if (parts.length === 0) return; // "." or stripped away
    const key = parts.join("/");
    this.#o.progress?.startEntry(key, logical);

    if (e.type === "char-device" || e.type === "block-device" || e.type === "fifo") {
      return this.#refuse(e.path, `${e.type} members are not extracted`);
    }
    if (e.type === "hardlink" && member.storedSize > 0) {
      return this.#refuse(e.path, "hardlink member carries data");
    }
    // names the kernel refuses, refused here: the writer thread must never meet one
    if (parts.some(_overNameMax)) {
      return this.#refuse(e.path, "a name in it is too long for the file system (over 255 bytes)");
    }
    if (_overPathMax(`${this.#o.dest}/${key}`)) {
      return this.#refuse(e.path, "its path is too long for the system (4096 bytes or more)");
    }
    let placed = parts;
    if (parts.some(hasRawBytes)) {
      const raw = this.#rawNames();
      if (!raw) {
        return this.#refuse(
          e.path,
          "its name is not UTF-8, and tarz creates such names only on Linux with FFI (-A)",
        );
      }
      placed = raw.map(parts); // created under placeholders, renamed at the end
    }
    try {
      await this.#place(member, placed, placed.join("/"));
    } catch (err) {
      // a name this file system cannot hold (a path over PATH_MAX, an invalid byte) is the
      // member's problem, not the run's: refuse it and go on, as GNU tar does
      const code = (err as { code?: string }).code;
      if (code !== "ENAMETOOLONG" && code !== "EILSEQ") throw err;
      return this.#refuse(e.path, `the file system refused its name (${code})`);
    }
  }

  /** Creates one member whose name passed every check. */
  async #place(member: DecodedMember, parts: string[], key: string): Promise<void> {
    const e = member.entry;
    const parentProblem = this.#ensureParents(parts);
    if (parentProblem) return this.#refuse(e.path, parentProblem);
    const target = `${this.#o.dest}/${key}`;
    const cleared = this.#clearTarget(key, target, e);
    if (cleared.kind === "kept") {
      this.counts.kept++;
      this.#o.onKept?.(key);
      return;
    }
    if (cleared.kind === "refused") return this.#refuse(e.path, cleared.reason);
    let created: boolean | "handed over" = true;
    try {
      created = await this.#create(member, parts, key, target, cleared.kind === "merge");
      if (!created) return;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
      // something took the name after the check: a name that folds onto an earlier
      // member's on a case-insensitive file system, or another process. Never replaced.
      if (e.type === "directory" && this.#isRealDir(key)) this.#tree.markDir(key);
      else {
        return this.#refuse(
          e.path,
          `${
            shortName(key)
          } appeared while extracting (a name colliding with an earlier member?); not replaced`,
        );
      }
    }
    if (created !== "handed over") this.#report({ entry: e, key, ticket: -1 });
  }

  /** Reports a member done, or queues it behind files the writer has not finished. */
  #report(done: _Done): void {
    if (this.#waiting.length || done.ticket >= 0) {
      this.#waiting.push(done);
      return;
    }
    this.#announce(done);
  }

  #announce(done: _Done): void {
    this.#o.onExtracted?.(done.entry, this.#raw ? this.#raw.unmap(done.key) : done.key);
    const progress = this.#o.progress;
    if (progress) {
      progress.entriesDone++;
      if (done.entry.type === "file") progress.filesDone++;
    }
  }

  /** The writer finished a file: report it, and what was waiting behind it. */
  #written(ticket: number, outcome: WriteOutcome): void {
    const done = this.#waiting.shift()!;
    if (done.ticket !== ticket) throw new Error(`file ${ticket} reported out of order`);
    if (outcome === "exists") {
      this.#tree.forget(done.key);
      this.#refuseNow(
        done.entry.path,
        `${done.key} appeared while extracting (a name colliding with an earlier member?); not replaced`,
      );
    } else {
      this.counts.files++;
      this.counts.bytes += done.entry.size;
      this.#announce(done);
    }
    while (this.#waiting.length && this.#waiting[0].ticket < 0) {
      this.#announce(this.#waiting.shift()!);
    }
  }

  /** Waits until the writer has written (and reported) everything handed to it. */
  #settle(): void {
    this.#writer?.settle();
  }

  /** The writer thread, started once there is enough to write; null for this thread. */
  #writerFor(size: number): FileWriter | null {
    if (this.#writer || this.#o.writerThread === false) return this.#writer;
    if (++this.#filesSeen < WRITER_AFTER_FILES && size < WRITER_AFTER_BYTES) return null;
    this.#writer = new FileWriter({
      umask: _umask(),
      chown: this.#owners !== null,
      onOutcome: (ticket, outcome) => this.#written(ticket, outcome),
    });
    return this.#writer;
  }

  async #create(
    member: DecodedMember,
    parts: string[],
    key: string,
    target: string,
    merge: boolean,
  ): Promise<boolean | "handed over"> {
    const e = member.entry;
    switch (e.type) {
      case "directory":
        if (!merge) Deno.mkdirSync(target, { mode: 0o700 });
        this.#tree.markDir(key);
        if (!merge || this.#tree.ours(key)) {
          this.#tree.created(key, "directory", !merge);
          this.#tree.setDirMeta(key, this.#meta(e, true));
        }
        this.counts.directories++;
        break;
      case "file":
        return await this.#writeFile(member, key, target);
      case "symlink": {
        if (!this.#o.trusted) {
          const why = checkLinkTarget(
            this.#raw ? parts.map((p) => this.#raw!.unmap(p)) : parts,
            e.linkname,
            (p) => this.#isRealDir((this.#raw?.map(p) ?? p).join("/")),
          );
          if (why) {
            this.counts.refusedLinks++;
            return this.#refused(e.path, why);
          }
        }
        if (hasRawBytes(e.linkname)) {
          const raw = this.#rawNames();
          if (!raw) {
            return this.#refused(e.path, "its target is not UTF-8 (only on Linux with FFI)");
          }
          raw.lib.symlink(encodeName(e.linkname), encodeName(target));
        } else Deno.symlinkSync(e.linkname, target);
        this.#tree.created(key, "symlink");
        this.counts.symlinks++;
        break;
      }
      case "hardlink": {
        this.#settle(); // its target may be a file the writer has not finished
        const link = sanitizePath(e.linkname, { stripComponents: this.#o.stripComponents });
        if (!link.ok) return this.#refused(e.path, `hardlink target: ${link.reason}`);
        const lk = (this.#raw?.map(link.parts) ?? link.parts).join("/");
        if (!this.#tree.isOurFile(lk)) {
          return this.#refused(
            e.path,
            `hardlink target ${e.linkname} is not a file extracted before it`,
          );
        }
        const st = this.#lstat(`${this.#o.dest}/${lk}`);
        if (!st?.isFile) {
          return this.#refused(e.path, `hardlink target ${e.linkname} is no longer a file`);
        }
        Deno.linkSync(`${this.#o.dest}/${lk}`, target);
        this.#tree.created(key, "hardlink");
        this.counts.hardlinks++;
        break;
      }
    }
    return true;
  }

  /**
   * Waits for the files handed to the writer thread and stops it, then applies directory
   * modes and times, deepest first, to directories that are still real. Throws the
   * writer's error, if it had one.
   */
  finish(): void {
    try {
      this.#settle();
    } finally {
      this.#writer?.close();
      this.#writer = null;
      // the real names before the directories' times: a rename changes its directory's
      this.#raw?.finish(this.#o.dest, this.#o.overwrite, (p) => {
        this.counts.kept++;
        this.#o.onKept?.(p);
      });
      this.#applyDirMeta();
    }
  }

  /** The placeholders for names that are not UTF-8; null where libc cannot be had. */
  #rawNames(): RawNames | null {
    if (this.#raw === undefined) {
      const lib = libc();
      this.#raw = lib ? new RawNames(lib) : null;
    }
    return this.#raw;
  }

  #applyDirMeta(): void {
    for (const [key, meta] of this.#tree.dirsToFinish()) {
      const path = `${this.#o.dest}/${this.#raw?.unmap(key) ?? key}`;
      if (hasRawBytes(path)) {
        _rawDirMeta(this.#raw!.lib, encodeName(path), meta, this.#owners !== null);
        continue;
      }
      const st = this.#lstat(path);
      if (!st?.isDirectory) continue;
      try {
        // the owner first: a change of owner clears setuid and setgid
        if (this.#owners) _chown(path, meta);
        Deno.chmodSync(path, meta.mode);
        Deno.utimeSync(path, meta.mtime, meta.mtime);
      } catch { /* best effort, like tar */ }
    }
  }

  /** Removes a file this extractor was writing when the run failed. */
  static discardPartial(path: string | null): void {
    if (!path) return;
    try {
      Deno.removeSync(path);
    } catch { /* already gone */ }
  }

  #refuse(member: string, reason: string): void {
    this.#settle(); // so that refusals and files are reported in archive order
    this.#refuseNow(member, reason);
  }

  #refuseNow(member: string, reason: string): void {
    this.counts.refused++;
    this.#o.onRefused?.(shortName(member), reason); // a hostile name may be megabytes
  }

  #refused(member: string, reason: string): false {
    this.#refuse(member, reason);
    return false;
  }

  #mode(mode: number, dir: boolean): number {
    const keep = this.#o.trusted || this.#o.preservePermissions;
    return keep ? mode & 0o7777 : safeMode(mode, dir);
  }

  /** The mode, time and (as root, when asked) owner to give a member. */
  #meta(e: TarEntry, dir: boolean): FileMeta {
    const mode = this.#mode(e.mode, dir);
    if (!this.#owners) return { mode, mtime: e.mtime, uid: -1, gid: -1 };
    const uid = this.#owners.uidOf(e.uname, e.uid);
    return { mode, mtime: e.mtime, uid, gid: this.#owners.gidOf(e.gname, e.gid) };
  }

  /** lstat, once the writer has written everything handed to it (null: nothing there). */
  #lstat(path: string): Deno.FileInfo | null {
    this.#settle();
    return _lstat(path);
  }

  #isRealDir(key: string): boolean {
    if (this.#tree.isKnownDir(key)) return true;
    const st = this.#lstat(`${this.#o.dest}/${key}`);
    if (st?.isDirectory) {
      this.#tree.markDir(key);
      return true;
    }
    return false;
  }

  /** Makes every parent a real directory; returns why not, or null. */
  #ensureParents(parts: string[]): string | null {
    let key = "";
    for (let i = 0; i < parts.length - 1; i++) {
      key = key ? `${key}/${parts[i]}` : parts[i];
      if (this.#tree.isKnownDir(key)) continue;
      const path = `${this.#o.dest}/${key}`;
      const st = this.#lstat(path);
      if (st === null) {
        try {
          Deno.mkdirSync(path, { mode: 0o755 });
        } catch (e) {
          return `cannot create directory ${key}: ${(e as Error).message}`;
        }
        this.#tree.created(key, "directory", true);
      } else if (st.isSymlink) {
        return `${key} is a symlink; tarz never writes through links`;
      } else if (!st.isDirectory) {
        return `${key} is not a directory`;
      }
      this.#tree.markDir(key);
    }
    return null;
  }

  /** Makes room at `target` for `e`, or says why not (see {@linkcode _Cleared}). */
  #clearTarget(key: string, target: string, e: TarEntry): _Cleared {
    // In a directory this run created (empty then), only what this run put there can
    // exist: no lstat needed. Creation is still exclusive (O_EXCL, mkdir, symlink), so
    // anything that appears there meanwhile makes it fail rather than be written through.
    if (this.#tree.surelyFree(key)) return { kind: "free" };
    const st = this.#lstat(target);
    if (st === null) return { kind: "free" };
    if (st.isDirectory) {
      if (e.type === "directory") return { kind: "merge" };
      return { kind: "refused", reason: `${key} exists as a directory and is not replaced` };
    }
    if (!this.#tree.ours(key)) {
      const policy = this.#o.overwrite;
      if (policy === "never") return { kind: "kept" };
      if (policy === "newer" && !(e.mtime > (st.mtime?.getTime() ?? 0) / 1000)) {
        return { kind: "kept" };
      }
    }
    try {
      Deno.removeSync(target); // unlinks a link itself, never what it points to
    } catch (err) {
      return { kind: "refused", reason: `cannot replace ${key}: ${(err as Error).message}` };
    }
    this.#tree.forget(key);
    return { kind: "free" };
  }

  /** Writes a file here, or hands it to the writer thread ("handed over"). */
  async #writeFile(
    member: DecodedMember,
    key: string,
    target: string,
  ): Promise<true | "handed over"> {
    const e = member.entry;
    const progress = this.#o.progress;
    const meta = this.#meta(e, false);
    const mode = meta.mode;
    const writer = e.sparse ? null : this.#writerFor(e.size);
    if (writer) {
      let ticket: number;
      if (e.size <= SMALL) {
        const data = await member.bytes();
        ticket = writer.writeFile(target, data, meta);
        progress?.advanceEntry(data.length);
      } else {
        writer.openFile(target);
        try {
          for await (const c of member.body()) {
            if (this.#o.control) await this.#o.control.checkpoint();
            writer.writeChunk(c);
            progress?.advanceEntry(c.length);
          }
        } catch (err) {
          writer.abandonFile();
          try {
            writer.settle(); // the partial file is gone before the error goes on
          } catch { /* the first error is the one to report */ }
          throw err;
        }
        ticket = writer.closeFile(meta);
      }
      // the name is taken from now on: a later member with it waits for the writer
      this.#tree.created(key, "file");
      this.#report({ entry: e, key, ticket });
      return "handed over";
    }
    let created: number | undefined; // the mode the file was made with, when not `mode`
    if (!e.sparse && e.size <= SMALL) {
      const data = await member.bytes();
      try {
        Deno.writeFileSync(target, data, { createNew: true, mode });
      } catch (err) {
        if (!(err instanceof Deno.errors.AlreadyExists)) Extractor.discardPartial(target);
        throw err;
      }
      progress?.advanceEntry(data.length);
    } else {
      created = 0o600; // until its data is all there
      const file = Deno.openSync(target, { write: true, createNew: true, mode: created });
      try {
        if (e.sparse) await _writeSparse(file, member, e.size, this.#o.control);
        else {
          for await (const c of member.body()) {
            if (this.#o.control) await this.#o.control.checkpoint();
            let off = 0;
            while (off < c.length) off += file.writeSync(c.subarray(off));
            progress?.advanceEntry(c.length);
          }
        }
      } catch (err) {
        file.close();
        Extractor.discardPartial(target);
        throw err;
      }
      file.close();
    }
    finishFile(target, meta, {
      umask: _umask(),
      chown: this.#owners !== null,
      created,
    });
    this.#tree.created(key, "file");
    this.counts.files++;
    this.counts.bytes += e.size;
    return true;
  }
}

/** A directory's owner, mode and time, for a name that is not UTF-8. */
function _rawDirMeta(lib: Libc, path: Uint8Array, meta: FileMeta, owners: boolean): void {
  try {
    if (!lib.lstat(path).isDirectory) return;
    if (owners) {
      try {
        lib.lchown(path, meta.uid, meta.gid);
      } catch { /* ids that do not exist here */ }
    }
    lib.chmod(path, meta.mode);
    lib.utimes(path, meta.mtime, meta.mtime);
  } catch { /* best effort, like tar */ }
}

function _chown(path: string, meta: FileMeta): void {
  try {
    Deno.chownSync(path, meta.uid, meta.gid);
  } catch { /* ids that do not exist here */ }
}

let _umaskBits: number | undefined;

/** The process umask; every bit when it cannot be read (no --allow-sys), so chmod runs. */
function _umask(): number {
  if (_umaskBits === undefined) {
    try {
      _umaskBits = Deno.umask();
    } catch {
      _umaskBits = 0o7777;
    }
  }
  return _umaskBits;
}

async function _writeSparse(
  file: Deno.FsFile,
  member: DecodedMember,
  size: number,
  control?: RunControl,
): Promise<void> {
  const short = () => new TarzError(`Cannot extract ${member.entry.path}: sparse data is short`);
  let at = -1;
  for await (const p of sparsePieces(member.entry.sparse!, member.body(), short)) {
    if (p.first && control) await control.checkpoint();
    if (p.offset !== at) await file.seek(p.offset, Deno.SeekMode.Start);
    for (let off = 0; off < p.bytes.length;) off += file.writeSync(p.bytes.subarray(off));
    at = p.offset + p.bytes.length;
  }
  await file.truncate(size);
}

function _lstat(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}
