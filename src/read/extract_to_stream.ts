/**
 * `tarz extract -O`: the data of the selected regular files, one after another, written to
 * a stream (standard output) instead of the file system, as GNU tar's `--to-stdout`. Sparse
 * files come out whole, holes as zeros.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import { sparsePieces } from "../tar/sparse.ts";
import type { DecodedMember } from "../tar/reader.ts";
import { memberFilter } from "../rules/member_filter.ts";
import { TarzError } from "../errors.ts";
import { openArchive } from "./open_archive.ts";
import { readMembers } from "./read_members.ts";

/** Options for {@linkcode extractToStream}. */
export interface ToStreamOptions {
  /** The archive ("-" for standard input). */
  archive: string;
  /** Member arguments: names or wildcards, as for extract. */
  members?: string[];
  include?: string[];
  exclude?: string[];
  identities?: string[];
  /** Settings of the store a URL is in (a job's `storage`); the environment wins. */
  storage?: StorageSettings;
  /** Decompress through this program (tar's -I). */
  program?: string;
  /** Takes each chunk of data; the next waits for it. */
  write: (chunk: Uint8Array) => Promise<unknown> | unknown;
}

/** What {@linkcode extractToStream} wrote. */
export interface ToStreamSummary {
  files: number;
  bytes: number;
  /** Member arguments that matched no member. */
  notFound: string[];
}

/** Writes the data of the selected regular files, in archive order. */
export async function extractToStream(options: ToStreamOptions): Promise<ToStreamSummary> {
  const selection = memberFilter(options);
  const archive = await openArchive(options.archive, options.program, options.identities, {
    storage: options.storage,
  });
  const summary: ToStreamSummary = { files: 0, bytes: 0, notFound: [] };
  for await (const m of readMembers(archive, options.archive)) {
    const path = m.entry.path.replace(/^\/+/, "");
    if (selection.test && !selection.test(path)) continue;
    if (m.entry.type !== "file") continue;
    for await (const chunk of _data(m)) {
      await options.write(chunk);
      summary.bytes += chunk.length;
    }
    summary.files++;
  }
  summary.notFound = selection.notFound();
  return summary;
}

const ZEROS = new Uint8Array(1 << 16);

/** A member's data as the file holds it: a sparse member's regions with zeros between. */
async function* _data(m: DecodedMember): AsyncGenerator<Uint8Array> {
  const regions = m.entry.sparse;
  if (!regions) {
    yield* m.body();
    return;
  }
  const short = () => new TarzError(`${m.entry.path}: sparse data is short`);
  let at = 0;
  for await (const p of sparsePieces(regions, m.body(), short)) {
    yield* _zeros(p.offset - at);
    yield p.bytes;
    at = p.offset + p.bytes.length;
  }
  yield* _zeros(m.entry.size - at);
}

function* _zeros(n: number): Generator<Uint8Array> {
  for (let left = n; left > 0; left -= ZEROS.length) {
    yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
  }
}
