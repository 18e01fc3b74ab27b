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
import { ByteSource } from "../io/byte_source.ts";
import { BLOCK_SIZE, padToBlock, TYPEFLAG } from "./constants.ts";
import type { TarEntry } from "./entry.ts";
import { parsePaxRecords, PaxFormatError } from "./pax.ts";
import { concatBytes } from "../util/bytes.ts";
import { TarFormatError } from "./tar_format_error.ts";
import {
  checksumOk,
  cString,
  HEADER_ONLY,
  headerOrData,
  isMetaFlag,
  isZeroBlock,
  MAGIC_GNU,
  magicOf,
  numField,
  parseHeader,
  stripTrailingSlashes,
  verifyChecksum,
} from "./header_decode.ts";
import { applyPax, checkNameSizes, MAX_NAME, paxInt } from "./pax_meta.ts";
import { checkSparse, paxSparse, readOldGnuSparse, readSparseMapFromData } from "./sparse.ts";
export { TarFormatError } from "./tar_format_error.ts";

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

/**
 * Reads tar members from a byte stream.
 *
 * @example
 * ```ts
 * import { readTar } from "./reader.ts";
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

/**
 * The next header when it is a plain member's and already buffered; undefined (and nothing
 * taken) otherwise, for {@linkcode _readHeaders} to handle.
 */
function _plainHeader(src: ByteSource): _Meta | undefined {
  const headerOffset = src.offset;
  const header = src.takeBuffered(BLOCK_SIZE);
  if (header === null) return undefined;
  if (isZeroBlock(header) || isMetaFlag(header[156])) {
    src.unread(header);
    return undefined;
  }
  verifyChecksum(header, headerOffset);
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
    if (isZeroBlock(header)) return null;
    verifyChecksum(header, headerOffset);
    if (!isMetaFlag(header[156])) return { ...meta, header, headerOffset };
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
  const size = numField(header, 124, 12, headerOffset, "size");
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
  if (flag === TYPEFLAG.gnuLongName) meta.longName = cString(body);
  else if (flag === TYPEFLAG.gnuLongLink) meta.longLink = cString(body);
  else {
    let recs: [string, string][];
    try {
      recs = parsePaxRecords(body);
      checkNameSizes(recs, limits.maxName, headerOffset);
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
  const entry = parseHeader(header, headerOffset, magicOf(header));
  const storedSize = numField(header, 124, 12, headerOffset, "size");
  const dataLeft = HEADER_ONLY.has(flag) ? 0 : storedSize;
  if (dataLeft > 0 && headerOrData(entry, flag)) return null;
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
  const magic = magicOf(header);
  const entry = parseHeader(header, headerOffset, magic);
  let storedSize = numField(header, 124, 12, headerOffset, "size");
  const flag = header[156];
  if (flag === TYPEFLAG.gnuSparse && magic === MAGIC_GNU && header[263] === 0x20) {
    await readOldGnuSparse(src, header, headerOffset, entry, limits.maxRegions);
  }
  if (meta.longName !== null) entry.path = meta.longName;
  if (meta.longLink !== null) entry.linkname = meta.longLink;
  // most members have no extended attributes: skip all of this for them
  const attrs = pax !== null || globals.size > 0 ? new Map([...globals, ...(pax ?? [])]) : null;
  const paxSize = attrs?.get("size");
  if (attrs) {
    applyPax(entry, attrs, headerOffset);
    if (paxSize !== undefined) storedSize = paxInt(paxSize, "size", headerOffset);
  }
  if (entry.type === "file" && !entry.sparse) entry.size = storedSize;
  const mapInData = attrs ? paxSparse(entry, attrs, pax, headerOffset, limits.maxRegions) : false;

  // links, devices, FIFOs and directories have no data, whatever their size field says
  // (as in GNU tar, bsdtar, Python and Go); reading it as data would swallow the next
  // member. A GNU dump directory ("D") does carry its listing as data.
  let dataLeft = HEADER_ONLY.has(flag) ? 0 : storedSize;
  if (headerOrData(entry, flag) && dataLeft > 0 && paxSize === undefined) {
    // ustar says a hardlink's size is ignored, pax says it is obeyed; like libarchive,
    // look: if a header follows, the link has no data. The same for a v7 directory.
    const next = await src.readExact(BLOCK_SIZE);
    src.unread(next);
    if (next.length < BLOCK_SIZE || isZeroBlock(next) || checksumOk(next)) dataLeft = 0;
  }
  if (mapInData) {
    const r = await readSparseMapFromData(src, storedSize, limits.maxRegions, headerOffset);
    entry.sparse = r.regions;
    dataLeft -= r.consumed;
  }
  if (entry.sparse) checkSparse(entry, dataLeft, headerOffset);
  _normalizePath(entry);
  return { entry, dataLeft };
}

/** "/" alone is the root, "." as GNU tar has it; an empty name stays empty (refused later). */
function _normalizePath(entry: TarEntry): void {
  entry.path = stripTrailingSlashes(entry.path, entry);
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
