/**
 * What an extraction knows of its destination tree: the directories verified to be real,
 * what this run created at each name, the directories it made (empty when made), and the
 * metadata directories get at the end. Pure state: the extractor does the checks and the
 * file system calls, and records what they found here. `makeDest` makes the destination.
 * @module
 */
import type { EntryType } from "../tar/entry.ts";
import type { FileMeta } from "./finish_file.ts";
import { TarzError } from "../errors.ts";
import { environmentError } from "../util/fs_errors.ts";

/** The destination tree as one extraction has seen and changed it; keys are relative paths. */
export class DestTree {
  /** Directories verified to be real directories ("" is the destination itself). */
  readonly #dirs = new Set<string>([""]);
  /** What this run created at each name. */
  readonly #ours = new Map<string, EntryType>();
  /** Directories this run created: empty at creation, so only this run's names are in them. */
  readonly #fresh = new Set<string>();
  readonly #dirMeta = new Map<string, FileMeta>();

  /** Whether `key` is known to be a real directory. */
  isKnownDir(key: string): boolean {
    return this.#dirs.has(key);
  }

  /** Records that `key` is a real directory (checked, or made). */
  markDir(key: string): void {
    this.#dirs.add(key);
  }

  /** What this run created at `key`, if anything. */
  ours(key: string): EntryType | undefined {
    return this.#ours.get(key);
  }

  /** Records that this run created `type` at `key`; `fresh` for a directory it made empty. */
  created(key: string, type: EntryType, fresh = false): void {
    this.#ours.set(key, type);
    if (fresh) this.#fresh.add(key);
  }

  /** Forgets what this run put at `key` (it was removed, or never written). */
  forget(key: string): void {
    this.#ours.delete(key);
  }

  /** Whether `key` is a file this run wrote, or a hardlink to one: what a hardlink may name. */
  isOurFile(key: string): boolean {
    const t = this.#ours.get(key);
    return t === "file" || t === "hardlink";
  }

  /**
   * Whether nothing can be at `key`: its parent is a directory this run made, and this run
   * put nothing there. No lstat is needed then (creation stays exclusive all the same).
   */
  surelyFree(key: string): boolean {
    const slash = key.lastIndexOf("/");
    return slash > 0 && !this.#ours.has(key) && this.#fresh.has(key.slice(0, slash));
  }

  /** The mode, times and owner a directory gets once everything in it is written. */
  setDirMeta(key: string, meta: FileMeta): void {
    this.#dirMeta.set(key, meta);
  }

  /** The directories to finish, deepest first (a parent's times change with its children). */
  dirsToFinish(): [string, FileMeta][] {
    return [...this.#dirMeta].sort(([a], [b]) => b.split("/").length - a.split("/").length);
  }
}

/**
 * Creates the destination directory (and its parents) if it is missing. Throws, with the
 * cause kept, when it cannot be made or is not a directory.
 */
export function makeDest(dest: string): void {
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
