/**
 * Decoding one member (gzip) or frame (zstd) of a concatenated stream with node:zlib, and
 * finding out exactly where it ended: zlib stops at the end of the member and reports the
 * bytes it consumed, so what it did not consume is handed back to the caller.
 * @module
 */
import type { Transform } from "node:stream";
import type { ByteSource } from "../io/byte_source.ts";
import { concatBytes } from "../util/bytes.ts";
import { waitForDrain } from "./node_stream.ts";

/**
 * Feeds `pending`, then the source, to `decoder` until it ends; yields its output and
 * returns the bytes read past the end of the member.
 */
export async function* decodeMember(
  src: ByteSource,
  pending: Uint8Array | null,
  decoder: Transform & { bytesWritten: number },
): AsyncGenerator<Uint8Array, Uint8Array> {
  // chunks the decoder may not have consumed yet; consumed ones are dropped as it goes, so
  // memory stays bounded however long the member is
  const written: Uint8Array[] = [];
  let writtenStart = 0; // stream position of written[0]
  let writtenTotal = 0;
  let writeError: unknown;
  // errors reach the caller through the iteration below; this keeps one that fires after
  // the iteration has stopped (e.g. a checksum failure in bytes past the end) from
  // becoming an uncaught exception
  decoder.on("error", () => {});
  const pump = (async () => {
    try {
      let chunk: Uint8Array | null = pending && pending.length ? pending : null;
      while (!decoder.readableEnded && !decoder.destroyed) {
        if (!chunk) {
          chunk = await src.readSome(1 << 20);
          if (chunk.length === 0) {
            if (!decoder.destroyed) decoder.end();
            return;
          }
        }
        written.push(chunk);
        writtenTotal += chunk.length;
        // the member may have ended while this chunk was being read: it is all left over
        if (decoder.readableEnded || decoder.destroyed) return;
        const ok = decoder.write(chunk);
        chunk = null;
        while (written.length > 1 && writtenStart + written[0].length <= decoder.bytesWritten) {
          writtenStart += written.shift()!.length;
        }
        if (!ok) await waitForDrain(decoder);
      }
    } catch (e) {
      writeError = e;
      decoder.destroy(e as Error);
    }
  })();
  try {
    for await (const out of decoder) yield out as Uint8Array;
  } finally {
    if (!decoder.destroyed) decoder.destroy();
    await pump;
  }
  if (writeError) throw writeError;
  let leftover = writtenTotal - decoder.bytesWritten;
  const tail: Uint8Array[] = [];
  for (let i = written.length - 1; i >= 0 && leftover > 0; i--) {
    const c = written[i];
    const n = Math.min(leftover, c.length);
    tail.unshift(c.subarray(c.length - n));
    leftover -= n;
  }
  return concatBytes(tail);
}

/** Takes `n` bytes, first from `pending`, then from the source. */
export async function take(
  src: ByteSource,
  pending: Uint8Array | null,
  n: number,
): Promise<{ bytes: Uint8Array; rest: Uint8Array | null }> {
  if (pending && pending.length >= n) {
    return { bytes: pending.subarray(0, n), rest: pending.subarray(n) };
  }
  const have = pending?.length ?? 0;
  const more = await src.readExact(n - have);
  return { bytes: have ? concatBytes([pending!, more]) : more, rest: null };
}

/**
 * Yields what `member` yields (telling `onChunk` of each piece) and returns its result.
 * Errors the member throws, not the consumer's, become `toError(e)`: the format's own error.
 */
export async function* relabelErrors<R>(
  member: AsyncGenerator<Uint8Array, R>,
  toError: (e: unknown) => Error,
  onChunk?: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array, R> {
  while (true) {
    let r: IteratorResult<Uint8Array, R>;
    try {
      r = await member.next();
    } catch (e) {
      throw toError(e);
    }
    if (r.done) return r.value;
    onChunk?.(r.value);
    yield r.value;
  }
}
