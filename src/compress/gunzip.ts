/**
 * A gzip reader that follows RFC 1952 to the letter: it reads every member of a
 * multi-member file, checks each member's CRC-32 and size, and ignores trailing garbage
 * after a complete member as `gzip -d` does. (node:zlib's Gunzip drops output when
 * garbage follows, so the member framing is done here and only the deflate data goes to
 * zlib.)
 *
 * The framing is a state machine over the bytes as they arrive: each byte is looked at
 * once, nothing is allocated for a member that produces no output, and a header's name or
 * comment may be of any length. So a stream of 100,000 empty members costs about what the
 * same bytes cost inside one member, in bounded memory.
 * @module
 */
import zlib from "node:zlib";
import { ByteSource } from "../io/byte_source.ts";
import { decodeMember, relabelErrors } from "./_member.ts";
import { syncHandle } from "./zlib_handle.ts";

const OUT_CHUNK = 1 << 17;
const READ = 1 << 20;

/** Thrown for a corrupt or truncated gzip stream. */
export class GzipFormatError extends Error {
  override name = "GzipFormatError";
}

/** Decompresses a gzip stream of one or more members. */
export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const handle = syncHandle(zlib.createInflateRaw()); // one inflater, reset per member
  const src = new ByteSource(source);
  const frame = new _Framing();
  let input: Uint8Array = new Uint8Array(0);
  let out = new Uint8Array(OUT_CHUNK);
  let at = 0;
  try {
    while (true) {
      if (at === input.length) {
        input = await src.readSome(READ);
        at = 0;
        if (input.length === 0) return frame.end();
      }
      if (frame.state !== _State.data) {
        at = frame.feed(input, at);
        if (frame.isAt(_State.garbage)) return;
        if (frame.isAt(_State.data)) handle?.reset();
        continue;
      }
      if (!handle) {
        // no native handle in this runtime: node:zlib's stream per member
        const rest = yield* _inflateStream(src, input.subarray(at), frame);
        input = rest;
        at = 0;
        frame.state = _State.trailer;
        continue;
      }
      let r;
      try {
        r = handle.write(zlib.constants.Z_NO_FLUSH, input.subarray(at), out);
      } catch (e) {
        throw new GzipFormatError(`corrupt gzip data: ${(e as Error).message}`);
      }
      at += r.consumed;
      if (r.produced > 0) {
        const chunk = out.subarray(0, r.produced);
        out = new Uint8Array(OUT_CHUNK); // the chunk is the consumer's now
        frame.count(chunk);
        yield chunk;
      }
      // input left over while there was room for output: the deflate stream has ended
      if (at < input.length && r.produced < OUT_CHUNK) frame.state = _State.trailer;
    }
  } finally {
    await src.cancel();
  }
}

/** Inflates one member through node:zlib's stream API; returns the bytes read past it. */
function _inflateStream(
  src: ByteSource,
  pending: Uint8Array,
  frame: _Framing,
): AsyncGenerator<Uint8Array, Uint8Array> {
  return relabelErrors(
    decodeMember(src, pending, zlib.createInflateRaw({ chunkSize: 1 << 16 })),
    (e) => {
      const msg = (e as Error).message;
      return new GzipFormatError(
        msg.includes("unexpected end") ? "gzip stream is truncated" : `corrupt gzip data: ${msg}`,
      );
    },
    (chunk) => frame.count(chunk),
  );
}

/** Where the framing is: which part of a member comes next. */
const _State = {
  /** The 10 fixed bytes of a member header (or the end of the stream). */
  header: 0,
  extraLength: 1,
  extra: 2,
  name: 3,
  comment: 4,
  headerCrc: 5,
  data: 6,
  trailer: 7,
  /** Not gzip after a complete member: the rest is ignored. */
  garbage: 8,
} as const;
type _State = typeof _State[keyof typeof _State];

/** The framing around the deflate data: headers and trailers, byte by byte. */
class _Framing {
  state: _State = _State.header;
  members = 0;
  readonly #fixed = new Uint8Array(10);
  #have = 0; // bytes of the current fixed-size part collected
  #skip = 0; // FEXTRA bytes still to skip
  #flags = 0;
  #crc = 0;
  #size = 0;

  /** Whether the framing is at `state` (a method: the compiler cannot see feed() move it). */
  isAt(state: _State): boolean {
    return this.state === state;
  }

  /** Counts decoded output for the member's CRC-32 and size. */
  count(chunk: Uint8Array): void {
    this.#crc = zlib.crc32(chunk, this.#crc);
    this.#size += chunk.length;
  }

  /** The stream ended: fine between members, an error anywhere else. */
  end(): void {
    if (this.state === _State.header && this.#have === 0) {
      if (this.members === 0) throw new GzipFormatError("empty gzip stream");
      return;
    }
    if (this.state === _State.header && this.#have < 2) {
      if (this.members === 0) throw new GzipFormatError("not a gzip stream");
      return; // a stray byte after a complete member: garbage
    }
    throw new GzipFormatError(
      this.state === _State.header ? "gzip header is truncated" : "gzip stream is truncated",
    );
  }

  /** Consumes framing bytes of `buf` from `at`; returns where it stopped. */
  feed(buf: Uint8Array, at: number): number {
    while (at < buf.length && this.state !== _State.data && this.state !== _State.garbage) {
      at = this.#step(buf, at);
    }
    return at;
  }

  #step(buf: Uint8Array, at: number): number {
    switch (this.state) {
      case _State.header:
      case _State.extraLength:
      case _State.headerCrc:
      case _State.trailer:
        return this.#collect(buf, at);
      case _State.extra: {
        const n = Math.min(this.#skip, buf.length - at);
        this.#skip -= n;
        if (this.#skip === 0) this.#afterExtra();
        return at + n;
      }
      case _State.name:
      case _State.comment: {
        const nul = buf.indexOf(0, at);
        if (nul < 0) return buf.length;
        if (this.state === _State.name) this.#afterName();
        else this.#afterComment();
        return nul + 1;
      }
    }
    return at;
  }

  /** Collects the fixed-size part of the current state, then acts on it. */
  #collect(buf: Uint8Array, at: number): number {
    const want = this.state === _State.header ? 10 : this.state === _State.trailer ? 8 : 2;
    const n = Math.min(want - this.#have, buf.length - at);
    this.#fixed.set(buf.subarray(at, at + n), this.#have);
    this.#have += n;
    at += n;
    if (this.state === _State.header && !this.#magicSoFar()) {
      if (this.members === 0) throw new GzipFormatError("not a gzip stream");
      this.state = _State.garbage; // after a complete member, as gzip -d does
      return at;
    }
    if (this.#have < want) return at;
    this.#have = 0;
    const f = this.#fixed;
    if (this.state === _State.header) this.#afterFixed();
    else if (this.state === _State.extraLength) {
      this.#skip = f[0] | (f[1] << 8);
      this.state = _State.extra;
      if (this.#skip === 0) this.#afterExtra();
    } else if (this.state === _State.headerCrc) this.#startData();
    else this.#checkTrailer();
    return at;
  }

  #magicSoFar(): boolean {
    return (this.#have < 1 || this.#fixed[0] === 0x1f) &&
      (this.#have < 2 || this.#fixed[1] === 0x8b);
  }

  #afterFixed(): void {
    if (this.#fixed[2] !== 8) throw new GzipFormatError("unknown gzip compression method");
    this.#flags = this.#fixed[3];
    this.state = _State.extraLength;
    if (!(this.#flags & 0x04)) this.#afterExtra(); // FEXTRA
  }

  #afterExtra(): void {
    this.state = _State.name;
    if (!(this.#flags & 0x08)) this.#afterName(); // FNAME
  }

  #afterName(): void {
    this.state = _State.comment;
    if (!(this.#flags & 0x10)) this.#afterComment(); // FCOMMENT
  }

  #afterComment(): void {
    this.state = _State.headerCrc;
    if (!(this.#flags & 0x02)) this.#startData(); // FHCRC
  }

  #startData(): void {
    this.members++;
    this.#crc = 0;
    this.#size = 0;
    this.state = _State.data;
  }

  #checkTrailer(): void {
    const t = this.#fixed;
    const wantCrc = (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0;
    const wantSize = (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0;
    if (wantCrc !== this.#crc >>> 0) {
      throw new GzipFormatError("gzip CRC-32 mismatch: data is corrupt");
    }
    if (wantSize !== this.#size % 2 ** 32) {
      throw new GzipFormatError("gzip size mismatch: data is corrupt");
    }
    this.state = _State.header;
  }
}
