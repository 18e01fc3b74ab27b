/**
 * The framing of SFTP version 3 (draft-ietf-secsh-filexfer-02, as OpenSSH speaks it): the
 * packet types and flags tarz uses, a writer for requests, a reader for answers, and the
 * splitting of a byte stream into packets. Pure.
 * @module
 */

/** Packet types. */
export const FXP = {
  INIT: 1,
  VERSION: 2,
  OPEN: 3,
  CLOSE: 4,
  READ: 5,
  WRITE: 6,
  FSTAT: 8,
  OPENDIR: 11,
  READDIR: 12,
  REMOVE: 13,
  MKDIR: 14,
  STAT: 17,
  RENAME: 18,
  STATUS: 101,
  HANDLE: 102,
  DATA: 103,
  NAME: 104,
  ATTRS: 105,
  EXTENDED: 200,
} as const;

/** Open flags. */
export const FXF = { READ: 1, WRITE: 2, CREAT: 8, TRUNC: 0x10, EXCL: 0x20 } as const;

/** Status codes. */
export const FX = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  OP_UNSUPPORTED: 8,
} as const;

/** File attributes, as far as tarz needs them. */
export interface SftpAttrs {
  size?: number;
  mode?: number;
  mtime?: number;
}

const _enc = new TextEncoder();

/** Builds one packet: its type, then fields; {@linkcode PacketWriter.packet} frames it. */
export class PacketWriter {
  #parts: Uint8Array[] = [];
  #length = 0;

  constructor(type: number) {
    this.u8(type);
  }

  u8(n: number): this {
    return this.#push(Uint8Array.of(n));
  }

  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    return this.#push(b);
  }

  u64(n: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n));
    return this.#push(b);
  }

  /** A string or bytes, with its uint32 length first. */
  string(s: string | Uint8Array): this {
    const b = typeof s === "string" ? _enc.encode(s) : s;
    this.u32(b.length);
    return this.#push(b);
  }

  /** Attributes with only `mode` (permissions) set, or none. */
  attrs(mode?: number): this {
    if (mode === undefined) return this.u32(0);
    return this.u32(4).u32(mode);
  }

  /** The packet: its uint32 length, then type and fields. */
  packet(): Uint8Array {
    const out = new Uint8Array(4 + this.#length);
    new DataView(out.buffer).setUint32(0, this.#length);
    let at = 4;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  #push(b: Uint8Array): this {
    this.#parts.push(b);
    this.#length += b.length;
    return this;
  }
}

/** The bytes a WRITE request of `length` data bytes with `handle` takes, framing included. */
export function writePacketSize(handle: Uint8Array, length: number): number {
  return 4 + 1 + 4 + 4 + handle.length + 8 + 4 + length;
}

/**
 * Frames a WRITE request (id, handle, offset, data) at the start of `into`, which must hold
 * {@linkcode writePacketSize} bytes, copying `data` once; the packet, a view of `into`. The
 * caller may reuse `into` once the packet is sent: an upload then allocates nothing per
 * piece.
 */
export function encodeWrite(
  into: Uint8Array,
  id: number,
  handle: Uint8Array,
  offset: number,
  data: Uint8Array,
): Uint8Array {
  const size = writePacketSize(handle, data.length);
  if (into.length < size) throw new RangeError(`a WRITE of ${data.length} bytes needs ${size}`);
  const v = new DataView(into.buffer, into.byteOffset, size);
  v.setUint32(0, size - 4);
  v.setUint8(4, FXP.WRITE);
  v.setUint32(5, id);
  v.setUint32(9, handle.length);
  into.set(handle, 13);
  let at = 13 + handle.length;
  v.setBigUint64(at, BigInt(offset));
  v.setUint32(at + 8, data.length);
  at += 12;
  into.set(data, at);
  return into.subarray(0, size);
}

/** The data of the WRITE request framed at the start of `packet` (a view). */
export function writeData(packet: Uint8Array): Uint8Array {
  const v = new DataView(packet.buffer, packet.byteOffset, packet.length);
  const at = 13 + v.getUint32(9) + 8;
  return packet.subarray(at + 4, at + 4 + v.getUint32(at));
}

/** Reads the fields of one packet's payload in order. */
export class PacketReader {
  #at = 0;
  readonly #view: DataView;

  readonly #bytes: Uint8Array;

  constructor(payload: Uint8Array) {
    this.#bytes = payload;
    this.#view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  u64(): number {
    return Number(this.#view.getBigUint64(this.#take(8)));
  }

  bytes(): Uint8Array {
    const n = this.u32();
    const at = this.#take(n);
    return this.#bytes.subarray(at, at + n);
  }

  string(): string {
    return new TextDecoder().decode(this.bytes());
  }

  /** Whether anything is left. */
  get more(): boolean {
    return this.#at < this.#bytes.length;
  }

  attrs(): SftpAttrs {
    const flags = this.u32();
    const a: SftpAttrs = {};
    if (flags & 1) a.size = this.u64();
    if (flags & 2) this.#take(8); // uid, gid
    if (flags & 4) a.mode = this.u32();
    if (flags & 8) {
      this.u32(); // atime
      a.mtime = this.u32();
    }
    if (flags & 0x80000000) {
      for (let n = this.u32(); n > 0; n--) {
        this.bytes();
        this.bytes();
      }
    }
    return a;
  }

  #take(n: number): number {
    if (this.#at + n > this.#bytes.length) throw new RangeError("SFTP packet is truncated");
    const at = this.#at;
    this.#at += n;
    return at;
  }
}

/** Cuts a byte stream into packets (type and payload), however the stream is chunked. */
export class PacketSplitter {
  #buf = new Uint8Array(0);

  /** The packets that `chunk` completes, each as [type, payload]. */
  push(chunk: Uint8Array): [number, Uint8Array][] {
    const joined = new Uint8Array(this.#buf.length + chunk.length);
    joined.set(this.#buf);
    joined.set(chunk, this.#buf.length);
    const out: [number, Uint8Array][] = [];
    let at = 0;
    while (joined.length - at >= 4) {
      const n = new DataView(joined.buffer, at, 4).getUint32(0);
      if (n < 1 || n > 1 << 24) throw new RangeError(`SFTP packet of ${n} bytes`);
      if (joined.length - at - 4 < n) break;
      out.push([joined[at + 4], joined.slice(at + 5, at + 4 + n)]);
      at += 4 + n;
    }
    this.#buf = joined.slice(at);
    return out;
  }
}
