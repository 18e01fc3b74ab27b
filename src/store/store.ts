/**
 * Where archives live, as one interface over the local file system and object storage:
 * put a stream atomically, get a stream from an offset, stat, list under a prefix, delete.
 * Keys are paths for the local store and object keys for S3.
 * @module
 */

/** What a store knows of one object. */
export interface ObjectInfo {
  /** Its key (for the local store, its path). */
  key: string;
  /** Its size in bytes. */
  size: number;
  /** When it was last written. */
  modified: Date;
}

/**
 * An object being written. Nothing is visible under its key until {@linkcode commit};
 * {@linkcode discard} (or a failure) leaves nothing behind.
 */
export interface ObjectWriter {
  /** Where it goes, as the user wrote it. */
  readonly location: string;
  /** Writes every chunk; returns the number of bytes written. */
  writeAll(chunks: AsyncIterable<Uint8Array>, onBytes?: (n: number) => void): Promise<number>;
  /** Makes the object appear under its key, whole. */
  commit(): Promise<void>;
  /** Leaves nothing behind; safe to call more than once. */
  discard(): Promise<void>;
  /** The temporary file's identity, for a local writer, so a walk can leave it out. */
  statSync?(): Deno.FileInfo;
}

/** How to open an {@linkcode ObjectWriter}. */
export interface CreateOptions {
  /** Replace an existing object. @default {false} */
  force?: boolean;
  /** Sync to disk before it appears (local). @default {false} */
  sync?: boolean;
}

/** One place archives are kept. */
export interface Store {
  /** A key as the user writes it (`s3://bucket/key`, or the path). */
  describe(key: string): string;
  /** The object, or null when there is none. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** The object's bytes from `offset` on (`length` of them, or to the end); `size` is its whole size. */
  read(
    key: string,
    offset?: number,
    length?: number,
  ): Promise<{ size: number; chunks: AsyncIterable<Uint8Array> }>;
  /** The objects whose keys start with `prefix`, in key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Deletes the object; a missing one is not an error. */
  remove(key: string): Promise<void>;
  /** Starts writing an object; refuses an existing key unless `force`. */
  create(key: string, options?: CreateOptions): Promise<ObjectWriter>;
  /** Writes a small object whole (a manifest), atomically. */
  put(key: string, data: Uint8Array, options?: CreateOptions): Promise<void>;
}
