/**
 * Reading only some members of a seekable archive: a `.tar.zst` whose frames a seek table
 * lists (compress/seek_table.ts) and whose manifest gives each member's offset in the tar
 * stream. The frames that hold the wanted members are fetched with ranged reads, from S3 or
 * a local file alike, decompressed, and cut to those members, then end-of-archive: the tar
 * stream the extractor would have seen of them, at a fraction of the bytes.
 * @module
 */
import { decompress } from "../compress/codec.ts";
import { framesFor, parseSeekTable, SEEK_FOOTER, seekTableLength } from "../compress/seek_table.ts";
import type { SeekFrame } from "../compress/seek_table.ts";
import { END_OF_ARCHIVE } from "../tar/header_encode.ts";
import { concatBytes } from "../util/bytes.ts";
import { readWhole, type StorageSettings, storeFor } from "../store/store_for.ts";
import type { Store } from "../store/store.ts";
import { type Manifest, manifestPathOf } from "./manifest_file.ts";
import type { OpenedArchive } from "./open_archive.ts";

/**
 * The archive opened on the members `wanted` selects, or null when it cannot be read that
 * way (not zstd, no seek table, no manifest with offsets): then read it whole.
 */
export async function openSeekable(
  archive: string,
  wanted: (name: string) => boolean,
  storage?: StorageSettings,
): Promise<OpenedArchive | null> {
  if (archive === "-" || !/\.(tar\.zst|tzst)$/.test(archive)) return null;
  const { store, key } = storeFor(archive, storage);
  const info = await store.stat(key);
  if (!info || info.size < SEEK_FOOTER) return null;
  let fetched = 0;
  const fetch = async (at: number, length: number) => {
    const bytes = await _bytes(store, key, at, length);
    fetched += bytes.length;
    return bytes;
  };
  const length = seekTableLength(await fetch(info.size - SEEK_FOOTER, SEEK_FOOTER));
  if (length === null || length > info.size) return null;
  const frames = parseSeekTable(await fetch(info.size - length, length));
  const offsets = frames && await _offsets(archive, storage, (n) => (fetched += n));
  if (!frames || !offsets) return null;
  const ranges = _ranges(offsets, frames, wanted);
  return {
    format: "zstd",
    encrypted: false,
    size: info.size,
    tar: _members(store, key, frames, ranges, (n) => (fetched += n)),
    bytesRead: () => fetched,
    seekable: true,
  };
}

/** The manifest's offsets, or null without a manifest that has them. */
async function _offsets(
  archive: string,
  storage: StorageSettings | undefined,
  count: (n: number) => void,
): Promise<Record<string, number> | null> {
  try {
    const bytes = await readWhole(manifestPathOf(archive), storage);
    count(bytes.length);
    const offsets = (JSON.parse(new TextDecoder().decode(bytes)) as Manifest).offsets;
    return offsets && typeof offsets === "object" ? offsets : null;
  } catch {
    return null; // no manifest, or not one tarz reads: read the archive whole
  }
}

/** The tar ranges `[start, end)` of the wanted members, in order. */
function _ranges(
  offsets: Record<string, number>,
  frames: SeekFrame[],
  wanted: (name: string) => boolean,
): [number, number][] {
  const total = frames.reduce((n, f) => n + f.decompressed, 0);
  const members = Object.entries(offsets).sort((a, b) => a[1] - b[1]);
  const out: [number, number][] = [];
  members.forEach(([name, start], i) => {
    if (wanted(name)) out.push([start, members[i + 1]?.[1] ?? total]);
  });
  return out;
}

/** The wanted members' tar bytes, span by span, then end-of-archive. */
async function* _members(
  store: Store,
  key: string,
  frames: SeekFrame[],
  ranges: [number, number][],
  count: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let r = 0;
  for (const span of framesFor(frames, ranges)) {
    const { chunks } = await store.read(key, span.at, span.length);
    const counted = (async function* () {
      for await (const c of chunks) {
        count(c.length);
        yield c;
      }
    })();
    let pos = span.from;
    for await (const c of decompress(counted, "zstd")) {
      const end = pos + c.length;
      while (r < ranges.length && ranges[r][0] < end) {
        const [s, e] = ranges[r];
        yield c.subarray(Math.max(s, pos) - pos, Math.min(e, end) - pos);
        if (e > end) break; // the member goes on in the next chunk
        r++;
      }
      pos = end;
    }
  }
  yield END_OF_ARCHIVE;
}

async function _bytes(store: Store, key: string, at: number, length: number): Promise<Uint8Array> {
  const { chunks } = await store.read(key, at, length);
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice());
  return concatBytes(parts);
}
