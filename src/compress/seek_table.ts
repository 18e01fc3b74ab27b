/**
 * The zstd seekable format's seek table (zstd's contrib/seekable_format, which ratarmount
 * and t2sz also read): a skippable frame at the end of the stream that lists each frame's
 * compressed and decompressed size, so that a reader can find the frames holding any range
 * of the decompressed data and fetch only those. Every zstd decoder skips it. Pure.
 *
 * Layout: magic 0x184D2A5E, frame size (u32), then per frame its compressed size and
 * decompressed size (u32 each, plus a u32 checksum when the descriptor's bit 7 is set),
 * then the footer: the number of frames (u32), the descriptor (1 byte) and the seekable
 * magic 0x8F92EAB1. Little-endian throughout.
 * @module
 */

/** One frame: its sizes, compressed and decompressed. */
export interface SeekFrame {
  compressed: number;
  decompressed: number;
}

const _SKIPPABLE = 0x184d2a5e;
const _SEEKABLE = 0x8f92eab1;
/** The footer: frame count, descriptor, magic. */
export const SEEK_FOOTER = 9;
const _MAX = 0xffffffff;

/** The skippable frame that ends a seekable stream of `frames`. */
export function encodeSeekTable(frames: SeekFrame[]): Uint8Array {
  const size = frames.length * 8 + SEEK_FOOTER;
  const out = new Uint8Array(8 + size);
  const v = new DataView(out.buffer);
  v.setUint32(0, _SKIPPABLE, true);
  v.setUint32(4, size, true);
  frames.forEach((f, i) => {
    if (f.compressed > _MAX || f.decompressed > _MAX) throw new RangeError("frame over 4 GiB");
    v.setUint32(8 + i * 8, f.compressed, true);
    v.setUint32(12 + i * 8, f.decompressed, true);
  });
  v.setUint32(8 + size - 9, frames.length, true);
  v.setUint8(8 + size - 5, 0);
  v.setUint32(8 + size - 4, _SEEKABLE, true);
  return out;
}

/**
 * From the stream's last {@linkcode SEEK_FOOTER} bytes: how many bytes the whole seek
 * table frame takes at the end, or null when the stream has none.
 */
export function seekTableLength(footer: Uint8Array): number | null {
  if (footer.length !== SEEK_FOOTER) return null;
  const v = new DataView(footer.buffer, footer.byteOffset, footer.length);
  if (v.getUint32(5, true) !== _SEEKABLE) return null;
  const entry = v.getUint8(4) & 0x80 ? 12 : 8;
  return 8 + v.getUint32(0, true) * entry + SEEK_FOOTER;
}

/** The frames of a seek table frame (as {@linkcode seekTableLength} measured it). */
export function parseSeekTable(table: Uint8Array): SeekFrame[] | null {
  if (table.length < 8 + SEEK_FOOTER) return null;
  const v = new DataView(table.buffer, table.byteOffset, table.length);
  if (v.getUint32(0, true) !== _SKIPPABLE || v.getUint32(4, true) !== table.length - 8) {
    return null;
  }
  const end = table.length - SEEK_FOOTER;
  const count = v.getUint32(end, true);
  const entry = v.getUint8(end + 4) & 0x80 ? 12 : 8;
  if (8 + count * entry !== end) return null;
  const frames: SeekFrame[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entry;
    frames.push({ compressed: v.getUint32(at, true), decompressed: v.getUint32(at + 4, true) });
  }
  return frames;
}

/** A run of frames: where it starts, compressed and decompressed, and how long it is. */
export interface FrameSpan {
  /** Compressed offset of the first frame, and the span's compressed length. */
  at: number;
  length: number;
  /** Decompressed offset of the first frame. */
  from: number;
}

/**
 * The spans of frames that hold the decompressed ranges `[start, end)`, merged where they
 * share or touch frames, in order. Pure.
 */
export function framesFor(frames: SeekFrame[], ranges: [number, number][]): FrameSpan[] {
  const starts: { c: number; d: number }[] = [];
  let c = 0;
  let d = 0;
  for (const f of frames) {
    starts.push({ c, d });
    c += f.compressed;
    d += f.decompressed;
  }
  const merged: { first: number; end: number }[] = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const first = _frameOf(starts, frames, s);
    const end = _frameOf(starts, frames, Math.max(s, e - 1)) + 1;
    const prev = merged.at(-1);
    if (prev && first <= prev.end) prev.end = Math.max(prev.end, end);
    else merged.push({ first, end });
  }
  return merged.map(({ first, end }) => ({
    at: starts[first].c,
    length: starts[end - 1].c + frames[end - 1].compressed - starts[first].c,
    from: starts[first].d,
  }));
}

/** The frame holding decompressed offset `x` (the last one for an offset past the end). */
function _frameOf(starts: { c: number; d: number }[], frames: SeekFrame[], x: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid].d <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
