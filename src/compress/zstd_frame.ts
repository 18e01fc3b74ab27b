/**
 * Finds where a zstd frame ends by reading its structure (RFC 8878 §3.1.1), without
 * decompressing: the frame header, then blocks of known size up to the last one, then the
 * optional checksum. Knowing the exact end lets the reader hand the decoder one frame at
 * a time and tell a complete frame from a truncated one.
 * @module
 */

/** Thrown when the bytes cannot be a zstd frame. */
export class ZstdFrameError extends Error {
  override name = "ZstdFrameError";
}

const enum _State {
  Header,
  BlockHeader,
  BlockData,
  Checksum,
  Done,
}

/** Tracks one zstd frame, magic number included, as its bytes go by. */
export class ZstdFrameScanner {
  #state = _State.Header;
  #head: number[] = []; // header or block-header bytes collected so far
  #need = 5; // bytes the current header needs (magic + descriptor to start with)
  #left = 0; // data bytes left in the current block or checksum
  #last = false;
  #checksum = false;

  /** Whether the whole frame has gone by. */
  get done(): boolean {
    return this.#state === _State.Done;
  }

  /** Consumes the frame's bytes from the start of `bytes`; returns how many it took. */
  feed(bytes: Uint8Array): number {
    let i = 0;
    while (i < bytes.length && this.#state !== _State.Done) {
      if (this.#state === _State.BlockData || this.#state === _State.Checksum) {
        const n = Math.min(this.#left, bytes.length - i);
        i += n;
        this.#left -= n;
        if (this.#left === 0) this.#next();
        continue;
      }
      this.#head.push(bytes[i++]);
      if (this.#head.length < this.#need) continue;
      if (this.#state === _State.Header) this.#header();
      else this.#blockHeader();
    }
    return i;
  }

  #header(): void {
    const h = this.#head;
    if (h.length === 5) {
      if (h[0] !== 0x28 || h[1] !== 0xb5 || h[2] !== 0x2f || h[3] !== 0xfd) {
        throw new ZstdFrameError("not a zstd frame");
      }
      const d = h[4];
      if (d & 0x08) throw new ZstdFrameError("zstd frame header has the reserved bit set");
      const single = (d & 0x20) !== 0;
      const fcs = [single ? 1 : 0, 2, 4, 8][d >> 6];
      const dict = [0, 1, 2, 4][d & 0x03];
      this.#checksum = (d & 0x04) !== 0;
      this.#need = 5 + (single ? 0 : 1) + dict + fcs;
      if (h.length < this.#need) return;
    }
    this.#state = _State.BlockHeader;
    this.#head = [];
    this.#need = 3;
  }

  #blockHeader(): void {
    const [a, b, c] = this.#head;
    const header = a | (b << 8) | (c << 16);
    this.#last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    if (type === 3) throw new ZstdFrameError("zstd block has the reserved type");
    const size = header >>> 3;
    if (size > 128 << 10) throw new ZstdFrameError("zstd block is larger than 128 KiB");
    this.#head = [];
    this.#left = type === 1 ? 1 : size;
    this.#state = _State.BlockData;
    if (this.#left === 0) this.#next();
  }

  #next(): void {
    if (this.#state === _State.Checksum || (this.#last && !this.#checksum)) {
      this.#state = _State.Done;
    } else if (this.#last) {
      this.#state = _State.Checksum;
      this.#left = 4;
    } else {
      this.#state = _State.BlockHeader;
      this.#need = 3;
    }
  }
}
