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

/** `count` frames of about `size` bytes each, with distinct content. */
function frames(count: number, size: number): { bytes: Uint8Array; text: string } {
  const texts = Array.from({ length: count }, (_, i) => `${i}:`.padEnd(size, String(i % 10)));
  return { bytes: concatBytes(texts.map(frame)), text: texts.join("") };
}

async function decodeParallel(bytes: Uint8Array, chunk: number): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += chunk) pieces.push(bytes.subarray(o, o + chunk));
  const out: Uint8Array[] = [];
  const stream = unzstd(ReadableStream.from(pieces), { threads: 2, frameLimit: 4096 });
  for await (const c of stream) out.push(c.slice());
  return out;
}

Deno.test("unzstd with threads decodes frames on workers, in order, and large ones here", async () => {
  const small = frames(40, 3000);
  const large = "L".repeat(100_000); // decodes to more than a worker's 4 KiB slot
  // random text: its frame itself is larger than a slot
  const noise = Array.from(
    crypto.getRandomValues(new Uint8Array(20_000)),
    (b) => String.fromCharCode(33 + (b % 90)),
  ).join("");
  const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 7, 7]);
  const all = concatBytes([small.bytes, skippable, frame(large), frame(noise), small.bytes]);
  const want = small.text + large + noise + small.text;
  for (const chunk of [997, 65536]) {
    const got = new TextDecoder().decode(concatBytes(await decodeParallel(all, chunk)));
    assert.equal(got, want, `chunks of ${chunk}`);
  }
});

Deno.test("unzstd with threads delivers the frames before a damaged one, then fails", async () => {
  const { bytes, text } = frames(12, 3000);
  const size = frame(text.slice(0, 3000)).length; // every frame compresses alike
  // the eighth frame: a block header the scanner rejects, or a checksum the worker does
  for (const at of [size * 7 + 6, size * 8 - 1]) {
    const damaged = bytes.slice();
    damaged[at] ^= 0xff;
    const out: Uint8Array[] = [];
    await assert.rejects(async () => {
      const stream = unzstd(ReadableStream.from([damaged]), { threads: 2, frameLimit: 4096 });
      for await (const c of stream) out.push(c.slice());
    }, ZstdFormatError);
    const got = new TextDecoder().decode(concatBytes(out));
    assert.equal(got, text.slice(0, 3000 * 7), `damage at ${at}`);
  }
});
