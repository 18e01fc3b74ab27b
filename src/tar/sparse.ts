/**
 * Sparse members in every dialect: old-GNU maps in headers and extension blocks, PAX 0.0
 * and 0.1 maps in attributes, and PAX 1.0 maps at the start of the data.
 * @module
 */
import type { ByteSource } from "../io/byte_source.ts";
import { BLOCK_SIZE } from "./constants.ts";
import type { SparseRegion, TarEntry } from "./entry.ts";
import { TarFormatError } from "./tar_format_error.ts";
import { numField, utf8 } from "./header_decode.ts";
import { allDigits, paxInt } from "./pax_meta.ts";

/** Old-GNU sparse: the map in the header and in the extension blocks after it. */
export async function readOldGnuSparse(
  src: ByteSource,
  header: Uint8Array,
  headerOffset: number,
  entry: TarEntry,
  maxRegions: number,
): Promise<void> {
  const regions: SparseRegion[] = [];
  _readOldGnuMap(header, 386, 4, regions, headerOffset);
  let extended = header[482] !== 0;
  entry.size = numField(header, 483, 12, headerOffset, "realsize");
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

/**
 * Applies the PAX sparse formats (0.0, 0.1 and 1.0) to `entry`; returns whether the sparse
 * map is stored at the start of the data (1.0).
 */
export function paxSparse(
  entry: TarEntry,
  attrs: ReadonlyMap<string, string>,
  pax: [string, string][] | null,
  off: number,
  maxRegions: number,
): boolean {
  const sparse00: number[] = [];
  for (const [k, v] of pax ?? []) {
    if (k === "GNU.sparse.offset" || k === "GNU.sparse.numbytes") {
      sparse00.push(paxInt(v, k, off));
    }
  }
  const realSize = attrs.get("GNU.sparse.realsize") ?? attrs.get("GNU.sparse.size");
  let mapInData = false;
  if (attrs.get("GNU.sparse.major") === "1") {
    mapInData = true;
  } else if (attrs.has("GNU.sparse.map")) {
    const nums = attrs.get("GNU.sparse.map")!.split(",").map((s) =>
      paxInt(s, "GNU.sparse.map", off)
    );
    entry.sparse = _pairs(nums, off, maxRegions);
  } else if (sparse00.length > 0) {
    entry.sparse = _pairs(sparse00, off, maxRegions);
  }
  if (attrs.has("GNU.sparse.name")) entry.path = attrs.get("GNU.sparse.name")!;
  if (realSize !== undefined && (mapInData || entry.sparse)) {
    entry.size = paxInt(realSize, "GNU.sparse.realsize", off);
  }
  return mapInData;
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
      offset: numField(block, p, 12, off, "sparse offset"),
      length: numField(block, p + 12, 12, off, "sparse length"),
    });
  }
}

export async function readSparseMapFromData(
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
      line += utf8.decode(block.subarray(start, nl));
      start = nl + 1;
      if (!(nums.length === 0 && line.startsWith("#"))) { // star-style comment lines
        if (line.length === 0 || line.length > 20 || !allDigits(line)) {
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
    if (want < 0 || nums.length < 1 + 2 * want) line += utf8.decode(block.subarray(start));
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

export function checkSparse(entry: TarEntry, stored: number, off: number): void {
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

/** A piece of a sparse member's stored data, and where it goes in the file. */
export interface SparsePiece {
  /** The file offset of the piece's first byte. */
  offset: number;
  bytes: Uint8Array;
  /** Whether this piece begins a chunk newly read from `body`. */
  first: boolean;
}

/**
 * A sparse member's stored data (`body`) cut at its `regions`: each piece with its offset in
 * the file. `short` makes the error thrown when the data ends before the regions do.
 */
export async function* sparsePieces(
  regions: readonly SparseRegion[],
  body: AsyncIterator<Uint8Array>,
  short: () => Error,
): AsyncGenerator<SparsePiece> {
  let pending: Uint8Array = new Uint8Array(0);
  for (const r of regions) {
    let at = r.offset;
    for (let left = r.length; left > 0;) {
      let first = false;
      if (pending.length === 0) {
        const next = await body.next();
        if (next.done) throw short();
        pending = next.value;
        first = true;
      }
      const bytes = pending.subarray(0, Math.min(left, pending.length));
      yield { offset: at, bytes, first };
      pending = pending.subarray(bytes.length);
      left -= bytes.length;
      at += bytes.length;
    }
  }
}
