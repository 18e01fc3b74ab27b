/**
 * Exact-size reads over a stream of chunks, with the byte offset kept for error messages.
 * @module
 */

/** Reads a chunked byte stream in exact amounts without copying where it can. */
export class ByteSource {
  #it: AsyncIterator<Uint8Array>;
  #buf: Uint8Array = new Uint8Array(0);
  #pos = 0;
  #done = false;
  /** Bytes consumed so far. */
  offset = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    while (this.#pos >= this.#buf.length) {
      if (this.#done) return false;
      const r = await this.#it.next();
      if (r.done) {
        this.#done = true;
        return false;
      }
      this.#buf = r.value;
      this.#pos = 0;
    }
    return true;
  }

  /** Returns up to `max` bytes (fewer only at a chunk boundary); an empty array at the end. */
  async readSome(max: number): Promise<Uint8Array> {
    if (!(await this.#fill())) return new Uint8Array(0);
    const n = Math.min(max, this.#buf.length - this.#pos);
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    this.offset += n;
    return out;
  }

  /**
   * Returns exactly `n` bytes if the current chunk already holds them, without waiting;
   * otherwise null (then use {@linkcode readExact}). The fast path of header reads.
   */
  takeBuffered(n: number): Uint8Array | null {
    if (this.#buf.length - this.#pos < n) return null;
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    this.offset += n;
    return out;
  }

  /** Discards up to `n` bytes that are already buffered, without waiting; returns how many. */
  skipBuffered(n: number): number {
    const k = Math.min(n, this.#buf.length - this.#pos);
    this.#pos += k;
    this.offset += k;
    return k;
  }

  /** Returns exactly `n` bytes, or fewer if the stream ends first. */
  async readExact(n: number): Promise<Uint8Array> {
    const first = await this.readSome(n);
    if (first.length === n || first.length === 0) return first;
    const out = new Uint8Array(n);
    out.set(first, 0);
    let got = first.length;
    while (got < n) {
      const part = await this.readSome(n - got);
      if (part.length === 0) return out.subarray(0, got);
      out.set(part, got);
      got += part.length;
    }
    return out;
  }

  /** Puts `bytes` (just read) back, to be read again. */
  unread(bytes: Uint8Array): void {
    const rest = this.#buf.subarray(this.#pos);
    const merged = new Uint8Array(bytes.length + rest.length);
    merged.set(bytes);
    merged.set(rest, bytes.length);
    this.#buf = merged;
    this.#pos = 0;
    this.offset -= bytes.length;
  }

  /** Discards `n` bytes; returns how many were really there. */
  async skip(n: number): Promise<number> {
    let left = n - this.skipBuffered(n);
    while (left > 0) {
      const part = await this.readSome(Math.min(left, 1 << 20));
      if (part.length === 0) break;
      left -= part.length;
    }
    return n - left;
  }

  /** Stops reading the underlying stream. */
  async cancel(): Promise<void> {
    await this.#it.return?.();
  }
}
