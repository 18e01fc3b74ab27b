/**
 * A streaming tar reader for every common dialect: v7, ustar (with prefix), GNU (long
 * names, old-GNU sparse, base-256 numbers) and PAX (local and global headers, sparse 0.0,
 * 0.1 and 1.0). It validates every header checksum, caps metadata sizes and reports the
 * byte offset of whatever is wrong.
 *
 * End of archive, as GNU tar and bsdtar do it: the first zero block ends the archive and
 * anything after it is ignored; a stream that ends cleanly on a header boundary without the
 * zero blocks is accepted too.
 * @module
 */
import { decodeName } from "./name_bytes.ts";
import { ByteSource } from "./byte_source.ts";
import { BLOCK_SIZE, padToBlock, TYPEFLAG } from "./constants.ts";
import type { EntryType, SparseRegion, TarEntry } from "./entry.ts";
import { NumericFieldError, readNumeric } from "./numeric.ts";
import { parsePaxRecords, PaxFormatError } from "./pax.ts";
import { concatBytes } from "../util/bytes.ts";

/** Thrown for a damaged or hostile archive; `offset` is the byte position in the tar stream. */
export class TarFormatError extends Error {
  override name = "TarFormatError";
  constructor(message: string, readonly offset: number, readonly member?: string) {
    super(message);
  }
}

/** Options for {@linkcode readTar}. */
export interface ReadTarOptions {
  /**
   * Largest PAX or GNU long-name header accepted, in bytes.
   * @default {16777216}
   */
  maxMetaSize?: number;
  /**
   * Longest name accepted, in bytes: a PAX `path`, `linkpath`, `uname`, `gname` or
   * `GNU.sparse.name`, or a GNU long name or link. (Other PAX values, such as large
   * extended attributes, are bounded by `maxMetaSize` alone.)
   * @default {1048576}
   */
  maxNameSize?: number;
  /**
   * Largest number of sparse regions accepted for one member.
   * @default {100000}
   */
  maxSparseRegions?: number;
  /**
   * After the end-of-archive marker, read the rest of the stream (and discard it), so that
   * compression checksums at its very end are verified. A number reads at most that many
   * bytes past the marker, and stops there: the bound on work a caller with a size limit
   * needs, since a small stream can decompress to gigabytes of tail.
   * @default {true}
   */
  drain?: boolean | number;
  /**
   * Turns an error thrown while reading (between members or inside a member's body) into
   * the one to throw instead; `last` is the path of the last member reached ("" before the
   * first). Lets callers add context without wrapping every member.
   */
  mapError?: (error: unknown, last: string) => unknown;
  /**
   * Receives each member instead of the iteration yielding it, which then yields nothing:
   * for readers of headers only (a listing), it saves an asynchronous step per member. The
   * member's data cannot be read; it is skipped when the callback returns.
   */
  onMember?: (member: DecodedMember) => void;
}

/** One member as read: its metadata and a reader for its stored data. */
export interface DecodedMember {
  entry: TarEntry;
  /** Byte offset of the member's first header block in the tar stream. */
  offset: number;
  /** Number of data bytes stored in the archive (for sparse files: the packed data). */
  storedSize: number;
  /**
   * Streams the stored data. Call at most once; what is not read is skipped when the
   * iteration moves on. Throws {@linkcode TarFormatError} if the archive is truncated.
   */
  body(): AsyncGenerator<Uint8Array>;
  /**
   * Reads all the stored data into one array: meant for small members. When the data is
   * already buffered it is a view, not a copy, valid until the iteration moves on. Reading
   * with this or with {@linkcode body} is allowed once, as for `body`.
   */
  bytes(): Promise<Uint8Array>;
}

const decoder = new TextDecoder();

/**
 * Reads tar members from a byte stream.
 *
 * @example
 * ```ts
 * import { readTar } from "./decode.ts";
 * const empty = ReadableStream.from([new Uint8Array(1024)]);
 * for await (const m of readTar(empty)) console.log(m.entry.path);
 * ```
 */
export async function* readTar(
  stream: AsyncIterable<Uint8Array>,
  options: ReadTarOptions = {},
): AsyncGenerator<DecodedMember> {
  const limits: _Limits = {
    maxMeta: options.maxMetaSize ?? 16 << 20,
    maxRegions: options.maxSparseRegions ?? 100_000,
    maxName: options.maxNameSize ?? MAX_NAME,
  };
  const src = new ByteSource(stream);
  const globals = new Map<string, string>();
  const mapError = options.mapError ?? ((e: unknown) => e);
  let last = "";
  try {
    while (true) {
      const memberOffset = src.offset;
      // most members are one plain header, already buffered: no asynchronous step for them
      const meta = _plainHeader(src) ?? await _readHeaders(src, globals, limits);
      if (meta === null) break;
      const plain = meta.pax === null && meta.longName === null && meta.longLink === null &&
        globals.size === 0 && meta.header[156] !== TYPEFLAG.gnuSparse;
      const { entry, dataLeft } = (plain && _plainEntry(meta)) ||
        await _resolveEntry(src, meta, globals, limits);
      last = entry.path;
      const member = new _Member(entry, memberOffset, dataLeft, src, mapError);
      if (options.onMember) {
        member.seal();
        options.onMember(member);
      } else yield member;
      if (!await _finishMember(src, member, dataLeft)) return;
    }
    // read the rest of the stream, so that compression checksums at its very end are verified
    const drain = options.drain ?? true;
    if (drain !== false) await src.skip(drain === true ? Number.MAX_SAFE_INTEGER : drain);
  } catch (e) {
    throw mapError(e, last);
  } finally {
    await src.cancel();
  }
}

/** The caps on what one member's metadata may take. */
interface _Limits {
  maxMeta: number;
  maxRegions: number;
  maxName: number;
}

/**
 * A member's own header and what the extended headers before it said, folded together (as
 * Go's archive/tar does) before the entry is made.
 */
interface _Meta {
  header: Uint8Array;
  headerOffset: number;
  /** The local PAX records, if a PAX header came before. */
  pax: [string, string][] | null;
  longName: string | null;
  longLink: string | null;
}

/** Whether `flag` is a metadata header (PAX, GNU long name or link, Solaris). */
function _isMetaFlag(flag: number): boolean {
  return flag === TYPEFLAG.paxLocal || flag === TYPEFLAG.paxGlobal ||
    flag === TYPEFLAG.gnuLongName || flag === TYPEFLAG.gnuLongLink ||
    flag === TYPEFLAG.solarisAcl || flag === TYPEFLAG.solarisExtended;
}

/**
 * The next header when it is a plain member's and already buffered; undefined (and nothing
 * taken) otherwise, for {@linkcode _readHeaders} to handle.
 */
function _plainHeader(src: ByteSource): _Meta | undefined {
  const headerOffset = src.offset;
  const header = src.takeBuffered(BLOCK_SIZE);
  if (header === null) return undefined;
  if (_isZero(header) || _isMetaFlag(header[156])) {
    src.unread(header);
    return undefined;
  }
  _verifyChecksum(header, headerOffset);
  return { header, headerOffset, pax: null, longName: null, longLink: null };
}

/** Reads extended headers up to a member's own header; null at the end of the archive. */
async function _readHeaders(
  src: ByteSource,
  globals: Map<string, string>,
  limits: _Limits,
): Promise<_Meta | null> {
  const meta: Omit<_Meta, "header" | "headerOffset"> = {
    pax: null,
    longName: null,
    longLink: null,
  };
  while (true) {
    const headerOffset = src.offset;
    const header = src.takeBuffered(BLOCK_SIZE) ?? await src.readExact(BLOCK_SIZE);
    if (header.length === 0) {
      if (meta.pax || meta.longName || meta.longLink) {
        throw new TarFormatError("archive ends after an extended header", headerOffset);
      }
      return null;
    }
    if (header.length < BLOCK_SIZE) {
      throw new TarFormatError(
        `archive is truncated: a ${header.length}-byte partial header`,
        headerOffset,
      );
    }
    if (_isZero(header)) return null;
    _verifyChecksum(header, headerOffset);
    if (!_isMetaFlag(header[156])) return { ...meta, header, headerOffset };
    await _readExtended(src, header, headerOffset, meta, globals, limits);
  }
}

/** Reads one extended header's data into `meta` (or `globals`, for a global PAX header). */
async function _readExtended(
  src: ByteSource,
  header: Uint8Array,
  headerOffset: number,
  meta: Omit<_Meta, "header" | "headerOffset">,
  globals: Map<string, string>,
  limits: _Limits,
): Promise<void> {
  const flag = header[156];
  const size = _num(header, 124, 12, headerOffset, "size");
  if (size > limits.maxMeta) {
    throw new TarFormatError(
      `extended header of ${size} bytes exceeds the ${limits.maxMeta}-byte limit`,
      headerOffset,
    );
  }
  const data = await src.readExact(padToBlock(size));
  if (data.length < padToBlock(size)) {
    throw new TarFormatError("archive is truncated inside an extended header", src.offset);
  }
  const body = data.subarray(0, size);
  if (flag === TYPEFLAG.solarisAcl) return; // ACLs are not restored
  const isLong = flag === TYPEFLAG.gnuLongName || flag === TYPEFLAG.gnuLongLink;
  if (isLong && size > limits.maxName) {
    throw new TarFormatError(
      `GNU long name of ${size} bytes exceeds the ${limits.maxName}-byte limit`,
      headerOffset,
    );
  }
  if (flag === TYPEFLAG.gnuLongName) meta.longName = _cstring(body);
  else if (flag === TYPEFLAG.gnuLongLink) meta.longLink = _cstring(body);
  else {
    let recs: [string, string][];
    try {
      recs = parsePaxRecords(body);
      _checkNameSizes(recs, limits.maxName, headerOffset);
    } catch (e) {
      if (e instanceof PaxFormatError) {
        throw new TarFormatError(e.message, headerOffset + BLOCK_SIZE);
      }
      throw e;
    }
    if (flag !== TYPEFLAG.paxGlobal) meta.pax = recs;
    else {
      for (const [k, v] of recs) globals.set(k, v);
      if (globals.size > 1000) {
        throw new TarFormatError("too many global PAX attributes", headerOffset);
      }
    }
  }
}

/**
 * A member with no extended headers: its entry and data size, from its header alone; null
 * for one whose size may not be data, which needs a look at what follows.
 */
function _plainEntry(meta: _Meta): { entry: TarEntry; dataLeft: number } | null {
  const { header, headerOffset } = meta;
  const flag = header[156];
  const entry = _parseHeader(header, headerOffset, _magic(header));
  const storedSize = _num(header, 124, 12, headerOffset, "size");
  const dataLeft = _HEADER_ONLY.has(flag) ? 0 : storedSize;
  if (dataLeft > 0 && _headerOrData(entry, flag)) return null;
  if (entry.type === "file") entry.size = storedSize;
  _normalizePath(entry);
  return { entry, dataLeft };
}

/**
 * The entry of a member with extended headers, sparse maps or a size that may not be data:
 * the folded metadata applied in order (old-GNU sparse, long names, PAX, PAX sparse).
 */
async function _resolveEntry(
  src: ByteSource,
  meta: _Meta,
  globals: Map<string, string>,
  limits: _Limits,
): Promise<{ entry: TarEntry; dataLeft: number }> {
  const { header, headerOffset, pax } = meta;
  const magic = _magic(header);
  const entry = _parseHeader(header, headerOffset, magic);
  let storedSize = _num(header, 124, 12, headerOffset, "size");
  const flag = header[156];
  if (flag === TYPEFLAG.gnuSparse && magic === MAGIC_GNU && header[263] === 0x20) {
    await _readOldGnuSparse(src, header, headerOffset, entry, limits.maxRegions);
  }
  if (meta.longName !== null) entry.path = meta.longName;
  if (meta.longLink !== null) entry.linkname = meta.longLink;
  // most members have no extended attributes: skip all of this for them
  const attrs = pax !== null || globals.size > 0 ? new Map([...globals, ...(pax ?? [])]) : null;
  const paxSize = attrs?.get("size");
  if (attrs) {
    _applyPax(entry, attrs, headerOffset);
    if (paxSize !== undefined) storedSize = _paxInt(paxSize, "size", headerOffset);
  }
  if (entry.type === "file" && !entry.sparse) entry.size = storedSize;
  const mapInData = attrs ? _paxSparse(entry, attrs, pax, headerOffset, limits.maxRegions) : false;

  // links, devices, FIFOs and directories have no data, whatever their size field says
  // (as in GNU tar, bsdtar, Python and Go); reading it as data would swallow the next
  // member. A GNU dump directory ("D") does carry its listing as data.
  let dataLeft = _HEADER_ONLY.has(flag) ? 0 : storedSize;
  if (_headerOrData(entry, flag) && dataLeft > 0 && paxSize === undefined) {
    // ustar says a hardlink's size is ignored, pax says it is obeyed; like libarchive,
    // look: if a header follows, the link has no data. The same for a v7 directory.
    const next = await src.readExact(BLOCK_SIZE);
    src.unread(next);
    if (next.length < BLOCK_SIZE || _isZero(next) || _checksumOk(next)) dataLeft = 0;
  }
  if (mapInData) {
    const r = await _readSparseMapFromData(src, storedSize, limits.maxRegions, headerOffset);
    entry.sparse = r.regions;
    dataLeft -= r.consumed;
  }
  if (entry.sparse) _checkSparse(entry, dataLeft, headerOffset);
  _normalizePath(entry);
  return { entry, dataLeft };
}

/** Old-GNU sparse: the map in the header and in the extension blocks after it. */
async function _readOldGnuSparse(
  src: ByteSource,
  header: Uint8Array,
  headerOffset: number,
  entry: TarEntry,
  maxRegions: number,
): Promise<void> {
  const regions: SparseRegion[] = [];
  _readOldGnuMap(header, 386, 4, regions, headerOffset);
  let extended = header[482] !== 0;
  entry.size = _num(header, 483, 12, headerOffset, "realsize");
  while (extended) {
    const off = src.offset;
    const ext = await src.readExact(BLOCK_SIZE);
    if (ext.length < BLOCK_SIZE) {
      throw new TarFormatError("archive is truncated inside a sparse map", off);
    }
    _readOldGnuMap(ext, 0, 21, regions, off);
    if (regions.length > maxRegions) {
      throw new TarFormatError(`sparse map exceeds ${maxRegions} regions`, off);
    }
    extended = ext[504] !== 0;
  }
  entry.sparse = regions;
  entry.type = "file";
}

/** "/" alone is the root, "." as GNU tar has it; an empty name stays empty (refused later). */
function _normalizePath(entry: TarEntry): void {
  entry.path = _stripTrailingSlashes(entry.path, entry);
  if (entry.path === "/") entry.path = ".";
}

/**
 * Skips what the caller left of the member's data, and its padding. False when the stream
 * ended inside the final padding, which GNU tar accepts and so does tarz, at the very end.
 */
async function _finishMember(src: ByteSource, member: _Member, dataLeft: number) {
  member.skipRest();
  if (member.consumed < dataLeft) await member.skipRestAsync();
  const padded = padToBlock(dataLeft) - dataLeft;
  let pad = src.skipBuffered(padded);
  if (pad < padded) pad += await src.skip(padded - pad);
  if (pad >= padded) return true;
  const more = await src.readSome(1);
  if (more.length > 0) {
    throw new TarFormatError(
      "archive is truncated in member padding",
      src.offset,
      member.entry.path,
    );
  }
  return false;
}

/** A member as yielded: its data is read through the shared source, at most once. */
class _Member implements DecodedMember {
  /** Data bytes read or skipped so far. */
  consumed = 0;
  #started = false;
  #sealed = false;
  readonly #dataStart: number;

  constructor(
    readonly entry: TarEntry,
    readonly offset: number,
    readonly storedSize: number,
    private readonly src: ByteSource,
    private readonly mapError: (e: unknown, last: string) => unknown,
  ) {
    this.#dataStart = src.offset;
  }

  body(): AsyncGenerator<Uint8Array> {
    this.#start();
    return this.#stream();
  }

  async bytes(): Promise<Uint8Array> {
    this.#start();
    // the common case for small files: all of it is in the chunk at hand
    const whole = this.src.takeBuffered(this.storedSize);
    if (whole) {
      this.consumed = this.storedSize;
      return whole;
    }
    const parts: Uint8Array[] = [];
    for await (const c of this.#stream()) parts.push(c);
    return parts.length === 1 ? parts[0] : concatBytes(parts);
  }

  /** Skips what is left of the data that is already buffered. */
  skipRest(): void {
    if (this.consumed < this.storedSize) {
      this.consumed += this.src.skipBuffered(this.storedSize - this.consumed);
    }
  }

  /** Skips the rest of the data, reading on; a short archive is an error. */
  async skipRestAsync(): Promise<void> {
    const want = this.storedSize - this.consumed;
    const skipped = await this.src.skip(want);
    if (skipped < want) throw this.#truncated(this.consumed + skipped);
    this.consumed = this.storedSize;
  }

  /** Makes the data unreadable (it is going to be skipped). */
  seal(): void {
    this.#sealed = true;
  }

  #start(): void {
    if (this.#sealed) throw new Error("Cannot read a member's data from onMember");
    if (this.#started) throw new Error("Cannot read a member body twice");
    this.#started = true;
  }

  async *#stream(): AsyncGenerator<Uint8Array> {
    try {
      while (this.consumed < this.storedSize) {
        const chunk = await this.src.readSome(Math.min(this.storedSize - this.consumed, 1 << 20));
        if (chunk.length === 0) throw this.#truncated(this.consumed);
        this.consumed += chunk.length;
        yield chunk;
      }
    } catch (e) {
      throw this.mapError(e, this.entry.path);
    }
  }

  #truncated(present: number): TarFormatError {
    const name = this.entry.path;
    return new TarFormatError(
      `archive is truncated: ${name} needs ${this.storedSize} bytes, only ${present} present`,
      this.#dataStart + present,
      name,
    );
  }
}

const MAGIC_USTAR = 1; // "ustar\0": POSIX
const MAGIC_GNU = 2; // "ustar ": GNU and old-GNU
const MAGIC_OTHER = 0; // v7 and anything else

function _magic(h: Uint8Array): number {
  if (h[257] !== 0x75 || h[258] !== 0x73 || h[259] !== 0x74 || h[260] !== 0x61 || h[261] !== 0x72) {
    return MAGIC_OTHER;
  }
  return h[262] === 0 ? MAGIC_USTAR : h[262] === 0x20 ? MAGIC_GNU : MAGIC_OTHER;
}

function _parseHeader(h: Uint8Array, off: number, magic: number): TarEntry {
  let path = _field(h, 0, 100);
  if (magic === MAGIC_USTAR && h[345] !== 0) path = `${_field(h, 345, 155)}/${path}`;
  const flag = h[156];
  const type = _typeOf(flag, path);
  const hasOwner = magic !== MAGIC_OTHER;
  return {
    path,
    type,
    size: 0,
    mode: _num(h, 100, 8, off, "mode"),
    mtime: _num(h, 136, 12, off, "mtime"),
    uid: _num(h, 108, 8, off, "uid"),
    gid: _num(h, 116, 8, off, "gid"),
    uname: hasOwner ? _field(h, 265, 32) : "",
    gname: hasOwner ? _field(h, 297, 32) : "",
    linkname: _field(h, 157, 100),
    devmajor: hasOwner && (type === "char-device" || type === "block-device")
      ? _num(h, 329, 8, off, "devmajor")
      : 0,
    devminor: hasOwner && (type === "char-device" || type === "block-device")
      ? _num(h, 337, 8, off, "devminor")
      : 0,
  };
}

function _typeOf(flag: number, path: string): EntryType {
  switch (flag) {
    case TYPEFLAG.hardlink:
      return "hardlink";
    case TYPEFLAG.symlink:
      return "symlink";
    case TYPEFLAG.charDevice:
      return "char-device";
    case TYPEFLAG.blockDevice:
      return "block-device";
    case TYPEFLAG.directory:
    case TYPEFLAG.gnuDumpDir:
      return "directory";
    case TYPEFLAG.fifo:
      return "fifo";
    case TYPEFLAG.fileOld:
      // v7: a trailing slash marks a directory
      return path.endsWith("/") ? "directory" : "file";
    default:
      // POSIX: unknown type flags are read as regular files
      return "file";
  }
}

/**
 * Applies the PAX sparse formats (0.0, 0.1 and 1.0) to `entry`; returns whether the sparse
 * map is stored at the start of the data (1.0).
 */
function _paxSparse(
  entry: TarEntry,
  attrs: ReadonlyMap<string, string>,
  pax: [string, string][] | null,
  off: number,
  maxRegions: number,
): boolean {
  const sparse00: number[] = [];
  for (const [k, v] of pax ?? []) {
    if (k === "GNU.sparse.offset" || k === "GNU.sparse.numbytes") {
      sparse00.push(_paxInt(v, k, off));
    }
  }
  const realSize = attrs.get("GNU.sparse.realsize") ?? attrs.get("GNU.sparse.size");
  let mapInData = false;
  if (attrs.get("GNU.sparse.major") === "1") {
    mapInData = true;
  } else if (attrs.has("GNU.sparse.map")) {
    const nums = attrs.get("GNU.sparse.map")!.split(",").map((s) =>
      _paxInt(s, "GNU.sparse.map", off)
    );
    entry.sparse = _pairs(nums, off, maxRegions);
  } else if (sparse00.length > 0) {
    entry.sparse = _pairs(sparse00, off, maxRegions);
  }
  if (attrs.has("GNU.sparse.name")) entry.path = attrs.get("GNU.sparse.name")!;
  if (realSize !== undefined && (mapInData || entry.sparse)) {
    entry.size = _paxInt(realSize, "GNU.sparse.realsize", off);
  }
  return mapInData;
}

function _applyPax(entry: TarEntry, attrs: ReadonlyMap<string, string>, off: number): void {
  for (const [k, v] of attrs) {
    switch (k) {
      // a NUL ends the ustar string fields' PAX forms, as in GNU tar and bsdtar
      case "path":
        entry.path = _untilNul(v);
        break;
      case "linkpath":
        entry.linkname = _untilNul(v);
        break;
      case "uid":
        entry.uid = _paxInt(v, k, off);
        break;
      case "gid":
        entry.gid = _paxInt(v, k, off);
        break;
      case "uname":
        entry.uname = _untilNul(v);
        break;
      case "gname":
        entry.gname = _untilNul(v);
        break;
      case "mtime": {
        // lenient like GNU tar: a number prefix counts, anything else keeps the header's
        const t = _decimal(v, true);
        if (t !== null) entry.mtime = t;
        break;
      }
    }
  }
}

/** Longest name accepted by default (1 MiB): far beyond any real path. */
const MAX_NAME = 1 << 20;
const _NAME_KEYS = new Set(["path", "linkpath", "uname", "gname", "GNU.sparse.name"]);

/** Refuses a name record over the limit (a name is copied into every member it applies to). */
function _checkNameSizes(recs: [string, string][], max: number, off: number): void {
  for (const [k, v] of recs) {
    if (v.length > max && _NAME_KEYS.has(k)) {
      throw new TarFormatError(
        `PAX ${k} of ${v.length} characters exceeds the ${max}-byte limit`,
        off,
      );
    }
  }
}

function _untilNul(v: string): string {
  const nul = v.indexOf("\0");
  return nul < 0 ? v : v.slice(0, nul);
}

/** A PAX decimal: optional spaces, an optional "-", digits (leading zeros allowed). */
function _paxInt(v: string, key: string, off: number): number {
  const n = _decimal(v, false);
  if (n === null) {
    throw new TarFormatError(`PAX ${key} ${JSON.stringify(v.slice(0, 40))} is not an integer`, off);
  }
  if (!Number.isSafeInteger(n)) {
    throw new TarFormatError(`PAX ${key} ${v.slice(0, 40)} is out of range`, off);
  }
  if (key === "size" && n < 0) throw new TarFormatError(`PAX size ${v} is negative`, off);
  return n;
}

/**
 * Reads a decimal in one pass (names and values come from the archive: no regex runs on
 * them). With `prefix`, a number at the start is enough, and a fraction is allowed, as GNU
 * tar reads PAX times; otherwise the whole text must be an integer. Null when there is none.
 */
function _decimal(v: string, prefix: boolean): number | null {
  let i = 0;
  let end = v.length;
  while (i < end && _isSpace(v.charCodeAt(i))) i++;
  if (!prefix) { while (end > i && _isSpace(v.charCodeAt(end - 1))) end--; }
  const start = i;
  if (v.charCodeAt(i) === 0x2d) i++;
  while (v.charCodeAt(i) === 0x30 && _isDigit(v.charCodeAt(i + 1))) i++; // leading zeros
  const digits = i;
  while (i < end && _isDigit(v.charCodeAt(i))) i++;
  if (i === digits || i - digits > 20) return null;
  let num = v.slice(digits, i);
  if (prefix && v.charCodeAt(i) === 0x2e && _isDigit(v.charCodeAt(i + 1))) {
    const dot = i++;
    while (i < end && i - dot <= 20 && _isDigit(v.charCodeAt(i))) i++;
    num += v.slice(dot, i);
  }
  if (!prefix && i !== end) return null;
  return Number((v.charCodeAt(start) === 0x2d ? "-" : "") + num);
}

function _allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!_isDigit(s.charCodeAt(i))) return false;
  return true;
}

function _isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function _isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function _num(h: Uint8Array, at: number, width: number, off: number, field: string): number {
  try {
    const n = readNumeric(h, at, width);
    if ((field === "size" || field === "realsize") && n < 0) {
      throw new TarFormatError(`header ${field} is negative`, off);
    }
    return n;
  } catch (e) {
    if (e instanceof NumericFieldError) {
      throw new TarFormatError(`header ${field} field: ${e.message}`, off);
    }
    throw e;
  }
}

function _checksumOk(h: Uint8Array): boolean {
  try {
    _verifyChecksum(h, 0);
    return true;
  } catch {
    return false;
  }
}

function _verifyChecksum(h: Uint8Array, off: number): void {
  let stored: number;
  try {
    stored = readNumeric(h, 148, 8);
  } catch {
    throw new TarFormatError("header checksum field is not a number (not a tar archive?)", off);
  }
  // the checksum field itself counts as eight spaces
  const unsigned = 8 * 0x20 + _byteSum(h);
  if (stored === unsigned) return;
  // the old signed variant: bytes over 127 count negative
  let high = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) if (h[i] > 127 && (i < 148 || i >= 156)) high++;
  if (stored !== unsigned - 256 * high) {
    throw new TarFormatError(
      `header checksum mismatch (stored ${stored}, computed ${unsigned})`,
      off,
    );
  }
}

let _words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** The sum of a header's bytes outside the checksum field (bytes 148 to 155). */
function _byteSum(h: Uint8Array): number {
  if ((h.byteOffset & 3) !== 0) {
    let sum = 0;
    for (let i = 0; i < 148; i++) sum += h[i];
    for (let i = 156; i < BLOCK_SIZE; i++) sum += h[i];
    return sum;
  }
  // four bytes at a time: two 16-bit lanes each add two bytes per word; 126 words of at
  // most 2 * 255 each stay below 65536, so the lanes never carry into each other
  if (_words.buffer !== h.buffer) _words = new Uint32Array(h.buffer, 0, h.buffer.byteLength >>> 2);
  const w = _words;
  const base = h.byteOffset >>> 2;
  let lanes = 0;
  for (let i = base; i < base + 37; i++) {
    const x = w[i];
    lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
  }
  for (let i = base + 39; i < base + 128; i++) {
    const x = w[i];
    lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
  }
  return (lanes & 0xffff) + (lanes >>> 16);
}

function _readOldGnuMap(
  block: Uint8Array,
  at: number,
  count: number,
  out: SparseRegion[],
  off: number,
): void {
  for (let i = 0; i < count; i++) {
    const p = at + i * 24;
    if (block[p] === 0) return;
    out.push({
      offset: _num(block, p, 12, off, "sparse offset"),
      length: _num(block, p + 12, 12, off, "sparse length"),
    });
  }
}

async function _readSparseMapFromData(
  src: ByteSource,
  storedSize: number,
  maxRegions: number,
  off: number,
): Promise<{ regions: SparseRegion[]; consumed: number }> {
  // decimal numbers, one per line: the count, then offset/length pairs; padded to a block.
  // Each byte is looked at once, and a line is at most 20 digits (or a short comment).
  let line = "";
  let consumed = 0;
  const nums: number[] = [];
  let want = -1;
  while (want < 0 || nums.length < 1 + 2 * want) {
    if (consumed >= storedSize) throw new TarFormatError("sparse map runs past the data", off);
    const block = await src.readExact(BLOCK_SIZE);
    if (block.length < BLOCK_SIZE) {
      throw new TarFormatError("archive is truncated in sparse map", off);
    }
    consumed += BLOCK_SIZE;
    let start = 0;
    for (let nl = block.indexOf(0x0a); nl >= 0; nl = block.indexOf(0x0a, start)) {
      line += decoder.decode(block.subarray(start, nl));
      start = nl + 1;
      if (!(nums.length === 0 && line.startsWith("#"))) { // star-style comment lines
        if (line.length === 0 || line.length > 20 || !_allDigits(line)) {
          throw new TarFormatError("malformed sparse map line", off);
        }
        nums.push(Number(line));
        if (nums.length === 1) {
          want = nums[0];
          if (want > maxRegions) {
            throw new TarFormatError(`sparse map exceeds ${maxRegions} regions`, off);
          }
        }
      }
      line = "";
      if (want >= 0 && nums.length === 1 + 2 * want) break;
    }
    if (want < 0 || nums.length < 1 + 2 * want) line += decoder.decode(block.subarray(start));
    if (line.length > _MAX_MAP_LINE) throw new TarFormatError("malformed sparse map line", off);
  }
  return { regions: _pairs(nums.slice(1), off, maxRegions), consumed };
}

/** Longest line of a sparse map: 20 digits, or a comment of up to a block. */
const _MAX_MAP_LINE = BLOCK_SIZE;

function _pairs(nums: number[], off: number, maxRegions: number): SparseRegion[] {
  if (nums.length % 2 !== 0) {
    throw new TarFormatError("sparse map has an odd number of values", off);
  }
  if (nums.length / 2 > maxRegions) {
    throw new TarFormatError(`sparse map exceeds ${maxRegions} regions`, off);
  }
  const out: SparseRegion[] = [];
  for (let i = 0; i < nums.length; i += 2) out.push({ offset: nums[i], length: nums[i + 1] });
  return out;
}

function _checkSparse(entry: TarEntry, stored: number, off: number): void {
  let sum = 0;
  let end = 0;
  for (const r of entry.sparse!) {
    if (r.offset < end || r.length < 0 || r.offset + r.length > entry.size) {
      throw new TarFormatError(
        `sparse map of ${entry.path} is out of order or beyond its size`,
        off,
        entry.path,
      );
    }
    end = r.offset + r.length;
    sum += r.length;
  }
  if (sum > stored) {
    throw new TarFormatError(
      `sparse map of ${entry.path} needs ${sum} bytes but ${stored} are stored`,
      off,
      entry.path,
    );
  }
}

/** Strips trailing slashes (keeping a lone "/"), in one pass: never a regex on names. */
function _stripTrailingSlashes(path: string, entry: TarEntry): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  if (end === path.length) return path;
  if (entry.type === "file" && entry.size === 0) entry.type = "directory";
  return path.slice(0, end);
}

/** Type flags whose members never carry data. */
const _HEADER_ONLY: ReadonlySet<number> = new Set([
  TYPEFLAG.symlink,
  TYPEFLAG.charDevice,
  TYPEFLAG.blockDevice,
  TYPEFLAG.directory,
  TYPEFLAG.fifo,
]);

/** Members whose size field may or may not describe data: hardlinks and v7 directories. */
function _headerOrData(entry: TarEntry, flag: number): boolean {
  return entry.type === "hardlink" || (flag === TYPEFLAG.fileOld && entry.path.endsWith("/"));
}

function _cstring(b: Uint8Array): string {
  return _field(b, 0, b.length);
}

/** The NUL-terminated text in `h[at, at+width)`. */
function _field(h: Uint8Array, at: number, width: number): string {
  const max = at + width;
  let end = at;
  let ascii = true;
  for (; end < max; end++) {
    const c = h[end];
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
  }
  if (end === at) return "";
  const s = h.subarray(at, end);
  // header fields are short and nearly always ASCII: skip the decoder's call overhead
  return ascii ? String.fromCharCode.apply(null, s as unknown as number[]) : decodeName(s);
}

function _isZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
