import assert from "node:assert/strict";
import zlib from "node:zlib";
import { concatBytes } from "../util/bytes.ts";
import { unzstd, ZstdFormatError } from "./unzstd.ts";
import { ZstdFrameScanner } from "./zstd_frame.ts";
import { randomBytes } from "../../tests/_helpers.ts";
import { countAllocations } from "../../tests/fixtures/work_counter.ts";

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

/** `size` bytes of random printable text: it compresses to about 85% of its size. */
function noise(size: number): string {
  return Array.from(randomBytes(size), (b) => String.fromCharCode(33 + (b % 90))).join("");
}

/** `count` frames of `size` bytes of distinct random text each. */
function frames(count: number, size: number): { bytes: Uint8Array; text: string; sizes: number[] } {
  const texts = Array.from({ length: count }, () => noise(size));
  const encoded = texts.map(frame);
  return { bytes: concatBytes(encoded), text: texts.join(""), sizes: encoded.map((f) => f.length) };
}

// workers take frames of at least 64 KiB compressed; their slots here hold 128 KiB of content
const LIMIT = 128 << 10;

async function decodeParallel(bytes: Uint8Array, chunk: number): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += chunk) pieces.push(bytes.subarray(o, o + chunk));
  const out: Uint8Array[] = [];
  const stream = unzstd(ReadableStream.from(pieces), { threads: 2, frameLimit: LIMIT });
  for await (const c of stream) out.push(c.slice());
  return out;
}

Deno.test("unzstd with threads decodes frames on workers, in order, and others here", async () => {
  const many = frames(12, 100_000);
  // decodes to more than a slot holds, from a frame that fits one: tried on a worker first
  const expands = noise(90_000) + "L".repeat(400_000);
  const huge = noise(300_000); // a frame larger than a slot: read and decoded here
  const tiny = "tiny frame"; // too small to be worth a worker
  const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 7, 7]);
  const all = concatBytes([
    many.bytes,
    skippable,
    frame(expands),
    frame(tiny),
    frame(huge),
    many.bytes,
  ]);
  const want = many.text + expands + tiny + huge + many.text;
  for (const chunk of [9973, 1 << 20]) {
    const got = new TextDecoder().decode(concatBytes(await decodeParallel(all, chunk)));
    assert.ok(got === want, `chunks of ${chunk}: ${got.length} bytes, want ${want.length}`);
  }
});

Deno.test("unzstd with threads delivers the frames before a damaged one, then fails", async () => {
  const { bytes, text, sizes } = frames(12, 100_000);
  const eighth = sizes.slice(0, 7).reduce((a, b) => a + b, 0);
  // where the eighth frame's checksum is (node:zlib may end its output with an empty frame)
  const checksum = eighth + new ZstdFrameScanner().feed(bytes.subarray(eighth)) - 1;
  // the eighth frame: a block header the scanner rejects, data or a checksum the worker does
  for (const at of [eighth + 6, eighth + (sizes[7] >> 1), checksum]) {
    const damaged = bytes.slice();
    damaged[at] ^= 0xff;
    const out: Uint8Array[] = [];
    await assert.rejects(async () => {
      const stream = unzstd(ReadableStream.from([damaged]), { threads: 2, frameLimit: LIMIT });
      for await (const c of stream) out.push(c.slice());
    }, ZstdFormatError);
    const got = new TextDecoder().decode(concatBytes(out));
    assert.ok(got === text.slice(0, 7 * 100_000), `damage at ${at}: ${got.length} bytes`);
  }
});

Deno.test("unzstd spends nothing per empty or skippable frame: 100,000 of each, no copies", async () => {
  const skippable = new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
  for (const tiny of [frame(""), skippable]) {
    const parts = new Array(100_000).fill(tiny);
    const all = concatBytes([...parts, frame("end")]);
    let out = "";
    const bytes = await countAllocations(async () => out = await decode(all, 1 << 20));
    assert.equal(out, "end");
    // no output chunk per frame, and no copy of the rest of the chunk per frame
    assert.ok(bytes < 8 << 20, `${bytes} bytes allocated`);
  }
});
