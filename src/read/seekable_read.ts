/**
 * Reading only some members of a seekable archive: a `.tar.zst` whose frames a seek table
 * lists (compress/seek_table.ts), or a parallel `.tar.gz` whose gzip members its manifest
 * lists, and whose manifest gives each member's offset in the tar stream. The frames that
 * hold the wanted members are fetched with ranged reads, from S3 or a local file alike,
 * decompressed, and cut to those members, then end-of-archive: the tar stream the
 * extractor would have seen of them, at a fraction of the bytes.
 * @module
 */
import { decompress } from "../compress/codec.ts";
import { framesFor, parseSeekTable, SEEK_FOOTER, seekTableLength } from "../compress/seek_table.ts";
import type { SeekFrame } from "../compress/seek_table.ts";
import { END_OF_ARCHIVE } from "../tar/header_encode.ts";
import { readBytes, type StorageSettings, storeFor } from "../store/store_for.ts";
import type { Store } from "../store/store.ts";
import { offsetsManifest } from "./manifest_file.ts";
import type { OpenedArchive } from "./open_archive.ts";

/**
 * The archive opened on the members `wanted` selects, or null when it cannot be read that
 * way (no frames known, no manifest with offsets, another format): then read it whole.
 */
export async function openSeekable(
  archive: string,
  wanted: (name: string) => boolean,
  storage?: StorageSettings,
): Promise<OpenedArchive | null> {
  const format = /\.(tar\.zst|tzst)$/.test(archive)
    ? "zstd"
    : /\.(tar\.gz|tgz)$/.test(archive)
    ? "gzip"
    : null;
  if (archive === "-" || !format) return null;
  const { store, key } = storeFor(archive, storage);
  const info = await store.stat(key);
  if (!info || info.size < SEEK_FOOTER) return null;
  let fetched = 0;
  const count = (n: number) => (fetched += n);
  const frames = format === "zstd" ? await _seekTable(store, key, info.size, count) : undefined;
  if (frames === null) return null;
  const manifest = await offsetsManifest(archive, storage, count);
  const offsets = manifest?.offsets;
  // gzip has no seek table: the manifest lists its members' sizes instead
  const all = frames ?? manifest?.frames?.map(([c, d]) => ({ compressed: c, decompressed: d }));
  if (!offsets || !all?.length) return null;
  const ranges = _ranges(offsets, all, wanted);
  return {
    format,
    encrypted: false,
    size: info.size,
    tar: _members(store, key, format, all, ranges, count),
    bytesRead: () => fetched,
    seekable: true,
  };
}

/** The frames a zstd seek table lists, or null when the stream has none. */
async function _seekTable(
  store: Store,
  key: string,
  size: number,
  count: (n: number) => void,
): Promise<SeekFrame[] | null> {
  const footer = await readBytes(store, key, size - SEEK_FOOTER, SEEK_FOOTER);
  count(footer.length);
  const length = seekTableLength(footer);
  if (length === null || length > size) return null;
  const table = await readBytes(store, key, size - length, length);
  count(table.length);
  return parseSeekTable(table);
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
    if (wanted(name.replace(/\/+$/, ""))) out.push([start, members[i + 1]?.[1] ?? total]);
  });
  return out;
}

/** The wanted members' tar bytes, span by span, then end-of-archive. */
async function* _members(
  store: Store,
  key: string,
  format: "zstd" | "gzip",
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
    for await (const c of decompress(counted, format)) {
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
