/**
 * The safe extractor (file system adapter). It never writes through a symlink: every parent
 * of every member is checked with lstat and created as a real directory, files are created
 * with O_EXCL after unlinking what was there, links are checked before they exist, and
 * directory modes and times are applied at the end to directories that are still real
 * directories. Once there is enough to write, a second thread writes the files (see
 * file_writer.ts) while this one decides the next members; this thread waits for it before
 * it looks at the file system again, so every check sees what the members before wrote.
 * The parts: member_policy.ts decides what is done with each member, dest_tree.ts holds
 * what the run knows of the destination, local_file.ts and file_writer.ts write files, and
 * archive_order.ts reports members in archive order. See docs/safety.md for the model.
 * @module
 */
import { DestTree, makeDest } from "./dest_tree.ts";
import { encodeName, hasRawBytes } from "../tar/name_bytes.ts";
import { libc } from "../util/libc.ts";
import { RawNames } from "./raw_names.ts";
import type { DecodedMember } from "../tar/reader.ts";
import type { TarEntry } from "../tar/entry.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { FileWriter, type WriteOutcome } from "./file_writer.ts";
import type { FileMeta } from "./finish_file.ts";
import { checkLinkTarget } from "./link_target.ts";
import { OwnerIds } from "./owner_ids.ts";
import { safeMode, sanitizePath } from "./safe_path.ts";
import { applyDirMeta } from "./dir_meta.ts";
import { ArchiveOrder } from "./archive_order.ts";
import { discardPartial, processUmask, SMALL_FILE, writeLocalFile } from "./local_file.ts";
import {
  keepsExisting,
  LimitError,
  MemberPolicy,
  type MemberPolicyOptions,
  type OverwritePolicy,
} from "./member_policy.ts";

export { LimitError, type OverwritePolicy };
import { shortName } from "../util/fs_errors.ts";

/** Options for {@linkcode Extractor}. */
export interface ExtractorOptions extends MemberPolicyOptions {
  /** @default {"never"} */
  overwrite?: OverwritePolicy;
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

// what makes the writer thread (about 15 ms to start) worth it
const WRITER_AFTER_FILES = 64;
const WRITER_AFTER_BYTES = 1 << 20;

/**
 * What making room for a member found: the name is free (or made free), a directory merges
 * into the one there, the overwrite policy keeps what is there, or the member is refused.
 */
type _Cleared =
  | { kind: "free" }
  | { kind: "merge" }
  | { kind: "kept" }
  | { kind: "refused"; reason: string };

/**
 * What creating a member did: it is there, it was refused (and reported so), or its file
 * went to the writer thread, which reports it once it is written.
 */
type _Created = "created" | "refused" | "handed-over";

/** A member done, to be reported once the files handed to the writer before it are. */
interface _Done {
  entry: TarEntry;
  key: string;
}

/** Extracts members one by one into a destination directory. */
export class Extractor {
  readonly #o: Required<Pick<ExtractorOptions, "overwrite">> & ExtractorOptions;
  readonly #policy: MemberPolicy;
  /** What this run knows of the destination, and what it created there. */
  readonly #tree = new DestTree();
  #raw: RawNames | null | undefined; // names that are not UTF-8, once one is met
  /** Owners to give, when root was asked to give them; null: leave them to the process. */
  readonly #owners: OwnerIds | null;
  #writer: FileWriter | null = null;
  #filesSeen = 0;
  readonly #order = new ArchiveOrder<_Done>((done) => this.#announce(done));
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
    this.#o = { overwrite: "never", ...options };
    this.#policy = new MemberPolicy(options);
    const owners = (options.trusted || options.sameOwner) && Deno.uid?.() === 0;
    this.#owners = owners ? new OwnerIds() : null;
    makeDest(this.#o.dest);
  }

  /** Extracts one member (or refuses it). Its body is consumed or left for the reader to skip. */
  async extract(member: DecodedMember): Promise<void> {
    const e = member.entry;
    const admitted = this.#policy.admit(member);
    if (admitted.kind === "skip") return;
    if (admitted.kind === "refuse") return this.#refuse(admitted.member, admitted.reason);
    this.#o.progress?.startEntry(admitted.key, e.type === "file" ? e.size : 0);
    let placed = admitted.parts;
    if (admitted.raw) {
      const raw = this.#rawNames();
      if (!raw) {
        return this.#refuse(
          e.path,
          "its name is not UTF-8, and tarz creates such names only on Linux with FFI (-A)",
        );
      }
      placed = raw.map(placed); // created under placeholders, renamed at the end
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
    let created: _Created = "created";
    try {
      created = await this.#create(member, parts, key, target, cleared.kind === "merge");
      if (created === "refused") return;
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
    if (created === "created") this.#order.done({ entry: e, key });
  }

  /** Reports a member done, or queues it behind files the writer has not finished. */
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
    this.#order.resolve(ticket, (done) => {
      if (outcome === "exists") {
        this.#tree.forget(done.key);
        this.#refuseNow(
          done.entry.path,
          `${done.key} appeared while extracting (a name colliding with an earlier member?); not replaced`,
        );
        return;
      }
      this.counts.files++;
      this.counts.bytes += done.entry.size;
      this.#announce(done);
    });
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
      umask: processUmask(),
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
  ): Promise<_Created> {
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
      case "symlink":
        return this.#symlink(e, parts, key, target);
      case "hardlink":
        return this.#hardlink(e, key, target);
    }
    return "created";
  }

  #symlink(e: TarEntry, parts: string[], key: string, target: string): _Created {
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
      if (!raw) return this.#refused(e.path, "its target is not UTF-8 (only on Linux with FFI)");
      raw.lib.symlink(encodeName(e.linkname), encodeName(target));
    } else Deno.symlinkSync(e.linkname, target);
    this.#tree.created(key, "symlink");
    this.counts.symlinks++;
    return "created";
  }

  /** A hardlink, only to a file this run extracted and that is still a file. */
  #hardlink(e: TarEntry, key: string, target: string): _Created {
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
    return "created";
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
    const dest = this.#o.dest;
    const raw = this.#raw;
    const dirs = this.#tree.dirsToFinish();
    applyDirMeta(
      (function* () {
        for (const [key, meta] of dirs) yield [`${dest}/${raw?.unmap(key) ?? key}`, meta];
      })(),
      { chown: this.#owners !== null, lib: raw?.lib },
    );
  }

  /** Removes a file this extractor was writing when the run failed. */
  static discardPartial(path: string | null): void {
    discardPartial(path);
  }

  #refuse(member: string, reason: string): void {
    this.#settle(); // so that refusals and files are reported in archive order
    this.#refuseNow(member, reason);
  }

  #refuseNow(member: string, reason: string): void {
    this.counts.refused++;
    this.#o.onRefused?.(shortName(member), reason); // a hostile name may be megabytes
  }

  #refused(member: string, reason: string): "refused" {
    this.#refuse(member, reason);
    return "refused";
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
      if (keepsExisting(this.#o.overwrite, e.mtime, st.mtime?.getTime() ?? null)) {
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

  /** Writes a file here, or hands it to the writer thread ("handed-over"). */
  async #writeFile(
    member: DecodedMember,
    key: string,
    target: string,
  ): Promise<"created" | "handed-over"> {
    const e = member.entry;
    const progress = this.#o.progress;
    const meta = this.#meta(e, false);
    const writer = e.sparse ? null : this.#writerFor(e.size);
    if (writer) {
      const ticket = await writer.writeMember(member, target, meta, {
        progress,
        control: this.#o.control,
        small: SMALL_FILE,
      });
      // the name is taken from now on: a later member with it waits for the writer
      this.#tree.created(key, "file");
      this.#order.handedOver({ entry: e, key }, ticket);
      return "handed-over";
    }
    await writeLocalFile(member, target, {
      meta,
      chown: this.#owners !== null,
      progress,
      control: this.#o.control,
    });
    this.#tree.created(key, "file");
    this.counts.files++;
    this.counts.bytes += e.size;
    return "created";
  }
}

function _lstat(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}
