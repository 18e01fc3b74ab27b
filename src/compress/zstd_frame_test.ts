import assert from "node:assert/strict";
import zlib from "node:zlib";
import { ZstdFrameError, ZstdFrameScanner } from "./zstd_frame.ts";

const C = zlib.constants;

function frame(text: string, checksum: boolean): Uint8Array {
  return new Uint8Array(zlib.zstdCompressSync(new TextEncoder().encode(text), {
    params: { [C.ZSTD_c_checksumFlag]: checksum ? 1 : 0 },
  }));
}

Deno.test("ZstdFrameScanner finds the exact end of a frame, with or without checksum", () => {
  for (const checksum of [false, true]) {
    for (const text of ["", "x", "tarz ".repeat(100_000)]) {
      const f = frame(text, checksum);
      const s = new ZstdFrameScanner();
      const withTail = new Uint8Array(f.length + 7).fill(0xaa);
      withTail.set(f);
      assert.equal(s.feed(withTail), f.length, `${text.length} bytes, checksum ${checksum}`);
      assert.ok(s.done);
    }
  }
});

Deno.test("ZstdFrameScanner works byte by byte and stays open on a truncated frame", () => {
  const f = frame("a".repeat(300_000) + "b".repeat(300_000), true);
  const s = new ZstdFrameScanner();
  let taken = 0;
  for (let i = 0; i < f.length - 1; i++) taken += s.feed(f.subarray(i, i + 1));
  assert.equal(taken, f.length - 1);
  assert.ok(!s.done, "one byte short is not a whole frame");
  assert.equal(s.feed(f.subarray(f.length - 1)), 1);
  assert.ok(s.done);
});

Deno.test("ZstdFrameScanner rejects a wrong magic, a reserved bit and a reserved block type", () => {
  assert.throws(() => new ZstdFrameScanner().feed(new Uint8Array([1, 2, 3, 4, 5])), ZstdFrameError);
  const reserved = frame("hello", false);
  reserved[4] |= 0x08;
  assert.throws(() => new ZstdFrameScanner().feed(reserved), /reserved bit/);
  const f = frame("hello", false);
  const headerSize = f.length - 3 - 5; // one raw block of 5 bytes
  f[headerSize] |= 0x06;
  assert.throws(() => new ZstdFrameScanner().feed(f), /reserved type/);
});
