/**
 * The few libc calls that take a name as bytes, for names that are not UTF-8 (Deno's file
 * system API takes strings, and writes U+FFFD for such a byte). Linux only, through
 * `Deno.dlopen`; {@linkcode libc} is null where that is not possible (another system, no
 * FFI permission), and callers then refuse such names instead of changing them.
 * @module
 */

/** What a lstat of a name in bytes returns: the fields tarz reads of a Deno.FileInfo. */
export type RawFileInfo = Pick<
  Deno.FileInfo,
  | "isFile"
  | "isDirectory"
  | "isSymlink"
  | "isCharDevice"
  | "isBlockDevice"
  | "isFifo"
  | "isSocket"
  | "size"
  | "mode"
  | "mtime"
  | "atime"
  | "uid"
  | "gid"
  | "dev"
  | "ino"
  | "nlink"
  | "rdev"
>;

/** The byte-name calls. Each throws an Error with `code` (e.g. "EEXIST") on failure. */
export interface Libc {
  /** lstat (or stat, with `follow`) of `path`. */
  lstat(path: Uint8Array, follow?: boolean): RawFileInfo;
  readLink(path: Uint8Array): Uint8Array;
  /** The names in a directory, without "." and "..". */
  readDir(path: Uint8Array): Uint8Array[];
  symlink(target: Uint8Array, path: Uint8Array): void;
  /** rename(2); with `noReplace`, fails with EEXIST rather than replace a file. */
  rename(from: Uint8Array, to: Uint8Array, noReplace?: boolean): void;
  chmod(path: Uint8Array, mode: number): void;
  unlink(path: Uint8Array): void;
  rmdir(path: Uint8Array): void;
  /** lchown(2): the link itself, never what it points to. */
  lchown(path: Uint8Array, uid: number, gid: number): void;
  /** Sets access and modification times (seconds, fractions kept), following no link. */
  utimes(path: Uint8Array, atime: number, mtime: number): void;
}

const SYMBOLS = {
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
  opendir: { parameters: ["buffer"], result: "pointer" },
  readdir: { parameters: ["pointer"], result: "pointer" },
  closedir: { parameters: ["pointer"], result: "i32" },
  symlink: { parameters: ["buffer", "buffer"], result: "i32" },
  renameat2: { parameters: ["i32", "buffer", "i32", "buffer", "u32"], result: "i32" },
  chmod: { parameters: ["buffer", "u32"], result: "i32" },
  unlink: { parameters: ["buffer"], result: "i32" },
  rmdir: { parameters: ["buffer"], result: "i32" },
  lchown: { parameters: ["buffer", "u32", "u32"], result: "i32" },
  utimensat: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

type _Lib = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const STATX_BASIC_STATS = 0x7ff;
const RENAME_NOREPLACE = 1;
const ERRNO: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  13: "EACCES",
  17: "EEXIST",
  18: "EXDEV",
  20: "ENOTDIR",
  21: "EISDIR",
  22: "EINVAL",
  28: "ENOSPC",
  30: "EROFS",
  36: "ENAMETOOLONG",
  38: "ENOSYS",
  39: "ENOTEMPTY",
  40: "ELOOP",
};

let _loaded: Libc | null | undefined;

/** The byte-name calls, or null where they cannot be had. */
export function libc(): Libc | null {
  if (_loaded !== undefined) return _loaded;
  const lib = openLibc(SYMBOLS);
  _loaded = lib ? _bind(lib) : null;
  return _loaded;
}

/** `symbols` of the C library (Linux), or null: another system, or no FFI permission. */
export function openLibc<S extends Deno.ForeignLibraryInterface>(
  symbols: S,
): Deno.DynamicLibrary<S>["symbols"] | null {
  if (Deno.build.os !== "linux") return null;
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      return Deno.dlopen(name, symbols).symbols;
    } catch { /* not this one, or no FFI permission */ }
  }
  return null;
}

function _bind(lib: _Lib): Libc {
  const fail = (call: string): never => {
    const errno = new Deno.UnsafePointerView(lib.__errno_location()!).getInt32();
    const code = ERRNO[errno] ?? `errno ${errno}`;
    throw Object.assign(new Error(`${call}: ${code}`), { code, errno });
  };
  return {
    lstat(path, follow = false) {
      const buf = new Uint8Array(256);
      const flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
      if (lib.statx(AT_FDCWD, _cstr(path), flags, STATX_BASIC_STATS, buf) !== 0) fail("statx");
      return _statx(new DataView(buf.buffer));
    },
    readLink(path) {
      const buf = new Uint8Array(4096);
      const n = Number(lib.readlink(_cstr(path), buf, BigInt(buf.length)));
      if (n < 0) fail("readlink");
      return buf.slice(0, n);
    },
    readDir(path) {
      const dir = lib.opendir(_cstr(path));
      if (!dir) fail("opendir");
      const names: Uint8Array[] = [];
      try {
        for (let e = lib.readdir(dir); e; e = lib.readdir(dir)) {
          // struct dirent (64-bit Linux): d_name starts at byte 19, NUL-terminated
          const view = new Deno.UnsafePointerView(e);
          const reclen = view.getUint16(16);
          const raw = new Uint8Array(view.getArrayBuffer(reclen - 19, 19));
          const name = raw.slice(0, raw.indexOf(0));
          if (!(name.length === 1 && name[0] === 0x2e) && !_isDotDot(name)) names.push(name);
        }
      } finally {
        lib.closedir(dir);
      }
      return names;
    },
    symlink(target, path) {
      if (lib.symlink(_cstr(target), _cstr(path)) !== 0) fail("symlink");
    },
    chmod(path, mode) {
      if (lib.chmod(_cstr(path), mode) !== 0) fail("chmod");
    },
    unlink(path) {
      if (lib.unlink(_cstr(path)) !== 0) fail("unlink");
    },
    rmdir(path) {
      if (lib.rmdir(_cstr(path)) !== 0) fail("rmdir");
    },
    lchown(path, uid, gid) {
      if (lib.lchown(_cstr(path), uid, gid) !== 0) fail("lchown");
    },
    utimes(path, atime, mtime) {
      const t = new BigInt64Array(4);
      for (const [i, s] of [[0, atime], [2, mtime]]) {
        t[i] = BigInt(Math.floor(s));
        t[i + 1] = BigInt(Math.round((s - Math.floor(s)) * 1e9));
      }
      const times = new Uint8Array(t.buffer);
      if (lib.utimensat(AT_FDCWD, _cstr(path), times, AT_SYMLINK_NOFOLLOW) !== 0) fail("utimensat");
    },
    rename(from, to, noReplace = false) {
      const flags = noReplace ? RENAME_NOREPLACE : 0;
      if (lib.renameat2(AT_FDCWD, _cstr(from), AT_FDCWD, _cstr(to), flags) !== 0) {
        fail("rename");
      }
    },
  };
}

/** struct statx, which has one layout on every Linux architecture. */
function _statx(v: DataView): RawFileInfo {
  const mode = v.getUint16(28, true);
  const fmt = mode & 0o170000;
  const time = (at: number) =>
    new Date(Number(v.getBigInt64(at, true)) * 1000 + Math.floor(v.getUint32(at + 8, true) / 1e6));
  return {
    isFile: fmt === 0o100000,
    isDirectory: fmt === 0o040000,
    isSymlink: fmt === 0o120000,
    isCharDevice: fmt === 0o020000,
    isBlockDevice: fmt === 0o060000,
    isFifo: fmt === 0o010000,
    isSocket: fmt === 0o140000,
    size: Number(v.getBigUint64(40, true)),
    mode,
    atime: time(64),
    mtime: time(112),
    uid: v.getUint32(20, true),
    gid: v.getUint32(24, true),
    nlink: v.getUint32(16, true),
    ino: Number(v.getBigUint64(32, true)),
    dev: _makedev(v.getUint32(136, true), v.getUint32(140, true)),
    rdev: _makedev(v.getUint32(128, true), v.getUint32(132, true)),
  };
}

/** glibc's makedev, as st_dev and st_rdev hold it (and Deno.FileInfo shows it). */
function _makedev(major: number, minor: number): number {
  return Number(
    (BigInt(major & 0xfffff000) << 32n) | (BigInt(major & 0xfff) << 8n) |
      (BigInt(minor & 0xffffff00) << 12n) | BigInt(minor & 0xff),
  );
}

function _isDotDot(b: Uint8Array): boolean {
  return b.length === 2 && b[0] === 0x2e && b[1] === 0x2e;
}

/** A NUL-terminated copy of `s`. */
function _cstr(s: Uint8Array): Uint8Array {
  const out = new Uint8Array(s.length + 1);
  out.set(s);
  return out;
}
