/**
 * Writing one extracted file on the calling thread: small files in one exclusive write,
 * large and sparse ones in chunks under mode 0600 until their data is all there, then the
 * owner, mode and time. A file that fails part-way is removed. The writer thread
 * (file_writer.ts) does the same for the files handed to it.
 * @module
 */
import { sparsePieces } from "../tar/sparse.ts";
import { TarzError } from "../errors.ts";
import type { DecodedMember } from "../tar/reader.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { type FileMeta, finishFile } from "./finish_file.ts";

/** At most the tar reader's chunk (1 MiB), which it keeps intact for one more read. */
export const SMALL_FILE = 1 << 18;

/** What writing a file here needs besides the member. */
export interface LocalFileOptions {
  meta: FileMeta;
  /** Give the file `meta.uid` and `meta.gid`. */
  chown: boolean;
  progress?: ProgressState;
  control?: RunControl;
}

/** Writes `member`'s data to `target`, which must not exist, and finishes the file. */
export async function writeLocalFile(
  member: DecodedMember,
  target: string,
  o: LocalFileOptions,
): Promise<void> {
  const e = member.entry;
  let created: number | undefined; // the mode the file was made with, when not meta.mode
  if (!e.sparse && e.size <= SMALL_FILE) {
    const data = await member.bytes();
    try {
      Deno.writeFileSync(target, data, { createNew: true, mode: o.meta.mode });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) discardPartial(target);
      throw err;
    }
    o.progress?.advanceEntry(data.length);
  } else {
    created = 0o600; // until its data is all there
    const file = Deno.openSync(target, { write: true, createNew: true, mode: created });
    try {
      if (e.sparse) await _writeSparse(file, member, o.control);
      else await _writeChunks(file, member, o);
    } catch (err) {
      file.close();
      discardPartial(target);
      throw err;
    }
    file.close();
  }
  finishFile(target, o.meta, { umask: processUmask(), chown: o.chown, created });
}

/** Removes a file that an extraction was writing when the run failed. */
export function discardPartial(path: string | null): void {
  if (!path) return;
  try {
    Deno.removeSync(path);
  } catch { /* already gone */ }
}

let _umaskBits: number | undefined;

/** The process umask; every bit when it cannot be read (no --allow-sys), so chmod runs. */
export function processUmask(): number {
  if (_umaskBits === undefined) {
    try {
      _umaskBits = Deno.umask();
    } catch {
      _umaskBits = 0o7777;
    }
  }
  return _umaskBits;
}

async function _writeChunks(
  file: Deno.FsFile,
  member: DecodedMember,
  o: LocalFileOptions,
): Promise<void> {
  for await (const c of member.body()) {
    if (o.control) await o.control.checkpoint();
    let off = 0;
    while (off < c.length) off += file.writeSync(c.subarray(off));
    o.progress?.advanceEntry(c.length);
  }
}

async function _writeSparse(
  file: Deno.FsFile,
  member: DecodedMember,
  control?: RunControl,
): Promise<void> {
  const e = member.entry;
  const short = () => new TarzError(`Cannot extract ${e.path}: sparse data is short`);
  let at = -1;
  for await (const p of sparsePieces(e.sparse!, member.body(), short)) {
    if (p.first && control) await control.checkpoint();
    if (p.offset !== at) await file.seek(p.offset, Deno.SeekMode.Start);
    for (let off = 0; off < p.bytes.length;) off += file.writeSync(p.bytes.subarray(off));
    at = p.offset + p.bytes.length;
  }
  await file.truncate(e.size);
}
