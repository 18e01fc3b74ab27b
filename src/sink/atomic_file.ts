/**
 * The atomic sink: the archive is written to a temporary file next to the target, then
 * renamed over it. A failed or cancelled run leaves nothing behind; what a killed run left
 * (see {@link ./stale_partials.ts}) the next run in the directory removes.
 *
 * Before the rename, the data is synced to disk (fsync) when asked to (`--sync`; backups
 * always) and whenever an existing file is being replaced, so that a power cut can never
 * cost the old archive. A new archive is not synced by default, as tar, bsdtar and zip do
 * not: the sync waits for the whole write-back, 0.23 s of a 1.09 s run for 700 MiB here.
 * @module
 */
import { TarzError, UsageError } from "../errors.ts";
import { describeReadError, environmentError, isNoSpace } from "../util/fs_errors.ts";
import { partialPathOf, removeStalePartials, type StalePartial } from "./stale_partials.ts";

/** Thrown when the output cannot be written (exit code 1). */
export class OutputError extends TarzError {
  override name = "OutputError";
}

/** Thrown when the output exists and overwriting was not allowed (exit code 2). */
export class OutputExistsError extends UsageError {
  override name = "OutputExistsError";
  constructor(readonly path: string) {
    super(`Cannot write ${path}: it already exists`, "choose another name, or allow overwriting", {
      remedy: "overwrite",
    });
  }
}

/** A temporary file that becomes the target on {@linkcode AtomicFile.commit}. */
export class AtomicFile {
  readonly tempPath: string;
  readonly #file: Deno.FsFile;
  #done = false;
  readonly #sync: boolean;

  private constructor(
    readonly path: string,
    tempPath: string,
    file: Deno.FsFile,
    sync: boolean,
    /** Stale temporary files of killed runs that {@linkcode AtomicFile.open} removed. */
    readonly staleRemoved: StalePartial[],
  ) {
    this.tempPath = tempPath;
    this.#file = file;
    this.#sync = sync;
  }

  /**
   * Creates the temporary file; refuses an existing target unless `force`. With `sync`, or
   * when it will replace an existing file, {@linkcode commit} syncs the data before renaming.
   */
  static async open(
    path: string,
    options: { force?: boolean; sync?: boolean } = {},
  ): Promise<AtomicFile> {
    let exists = false;
    try {
      await Deno.lstat(path);
      exists = true;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (exists && !options.force) throw new OutputExistsError(path);
    // what killed runs left here goes first: it may be what would fill the disk
    const stale = removeStalePartials(path.slice(0, path.lastIndexOf("/") + 1));
    const tempPath = partialPathOf(path);
    try {
      const file = await Deno.open(tempPath, { write: true, createNew: true, mode: 0o644 });
      return new AtomicFile(path, tempPath, file, exists || options.sync === true, stale);
    } catch (e) {
      throw new OutputError(`Cannot write ${path}: ${_reason(e)}`, 1, environmentError(e)?.hint, {
        cause: e,
      });
    }
  }

  /** Where it goes (the target path). */
  get location(): string {
    return this.path;
  }

  /** Whether {@linkcode commit} syncs the data to disk before renaming. */
  get syncs(): boolean {
    return this.#sync;
  }

  /** Identity of the temporary file, so the walker can leave it out. */
  statSync(): Deno.FileInfo {
    return this.#file.statSync();
  }

  /** Writes every chunk; returns the number of bytes written. */
  async writeAll(
    chunks: AsyncIterable<Uint8Array>,
    onBytes?: (n: number) => void,
  ): Promise<number> {
    let total = 0;
    try {
      for await (const chunk of chunks) {
        let off = 0;
        // a regular file takes a write at once: no thread hop per chunk
        while (off < chunk.length) off += this.#file.writeSync(chunk.subarray(off));
        total += chunk.length;
        onBytes?.(chunk.length);
      }
    } catch (e) {
      if (isNoSpace(e)) {
        throw new OutputError(`Cannot write ${this.path}: no space left on device`);
      }
      throw e;
    }
    return total;
  }

  /** Syncs (when asked to, or replacing a file) and renames the temporary file over the target. */
  async commit(): Promise<void> {
    try {
      if (this.#sync) await this.#file.sync();
      this.#file.close();
      this.#done = true;
      await Deno.rename(this.tempPath, this.path);
    } catch (e) {
      await this.discard();
      throw new OutputError(`Cannot write ${this.path}: ${_reason(e)}`);
    }
  }

  /** Removes the temporary file; safe to call more than once. */
  async discard(): Promise<void> {
    if (!this.#done) {
      this.#done = true;
      try {
        this.#file.close();
      } catch { /* already closed */ }
    }
    try {
      await Deno.remove(this.tempPath);
    } catch { /* already gone */ }
  }
}

function _reason(e: unknown): string {
  // for an output, NotFound means the directory is missing, not a vanished source
  if (e instanceof Deno.errors.NotFound) return "its directory does not exist";
  const env = environmentError(e);
  if (env) return env.message.replace(/^.*?: /, ""); // the what, without the temp path
  return describeReadError(e);
}
