/**
 * The in-memory model of one tar member, shared by the encoder and the decoder.
 * @module
 */

/** The kinds of member tarz reads and writes. */
export type EntryType =
  | "file"
  | "directory"
  | "symlink"
  | "hardlink"
  | "char-device"
  | "block-device"
  | "fifo";

/** One region of data inside a sparse file: `length` bytes at `offset`. */
export interface SparseRegion {
  /** Where the data starts in the file. */
  offset: number;
  /** How many bytes of data. */
  length: number;
}

/** Metadata of one tar member, independent of the dialect it is stored in. */
export interface TarEntry {
  /** Path inside the archive, `/`-separated, without a trailing slash. */
  path: string;
  /** What kind of entry it is. */
  type: EntryType;
  /** Logical size in bytes (the real size for sparse files); 0 for non-files. */
  size: number;
  /** Permission bits, including setuid/setgid/sticky. */
  mode: number;
  /** Modification time in seconds since the epoch; may be negative or fractional. */
  mtime: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Owner user name ("" when unknown). */
  uname: string;
  /** Owner group name ("" when unknown). */
  gname: string;
  /** Target of a symlink or hardlink; "" otherwise. */
  linkname: string;
  /** Device major number (device nodes only). */
  devmajor: number;
  /** Device minor number (device nodes only). */
  devminor: number;
  /** For sparse members: the data regions; the stored data is their concatenation. */
  sparse?: SparseRegion[];
}

/** Builds a complete entry from the fields that matter, with neutral defaults for the rest. */
export function makeEntry(fields: Partial<TarEntry> & Pick<TarEntry, "path" | "type">): TarEntry {
  return {
    size: 0,
    mode: fields.type === "directory" ? 0o755 : 0o644,
    mtime: 0,
    uid: 0,
    gid: 0,
    uname: "",
    gname: "",
    linkname: "",
    devmajor: 0,
    devminor: 0,
    ...fields,
  };
}
