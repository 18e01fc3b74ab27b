import assert from "node:assert/strict";
import zlib from "node:zlib";
import { concatBytes } from "../util/bytes.ts";
import { unzstd, ZstdFormatError } from "./unzstd.ts";

const C = zlib.constants;
const enc = new TextEncoder();

function frame(text: string): Uint8Array {
  return new Uint8Array(
    zlib.zstdCompressSync(enc.encode(text), { params: { [C.ZSTD_c_checksumFlag]: 1 } }),
  );
}

async function decode(bytes: Uint8Array, chunk = bytes.length || 1): Promise<string> {
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += chunk) pieces.push(bytes.subarray(o, o + chunk));
  const out: Uint8Array[] = [];
  for await (const c of unzstd(ReadableStream.from(pieces))) out.push(c.slice());
  return new TextDecoder().decode(concatBytes(out));
}

Deno.test("unzstd decodes every frame and skips skippable frames, however the input is cut", async () => {
  const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
  const big = "big ".repeat(200_000);
  const all = concatBytes([frame("one "), skippable, frame(big), frame("")]);
  for (const chunk of [1, 7, 4096, all.length]) {
    assert.equal(await decode(all, chunk), "one " + big, `chunks of ${chunk}`);
  }
});

Deno.test("unzstd reports a checksum mismatch, truncation and trailing junk as ZstdFormatError", async () => {
  const good = frame("payload ".repeat(50_000));
  const flipped = good.slice();
  flipped[flipped.length - 2] ^= 0x40;
  await assert.rejects(decode(flipped, 4096), ZstdFormatError);
  await assert.rejects(decode(good.subarray(0, good.length - 1)), /truncated/);
  await assert.rejects(decode(concatBytes([good, enc.encode("junk")])), /unknown data/);
  await assert.rejects(decode(new Uint8Array(0)), /empty zstd stream/);
});
