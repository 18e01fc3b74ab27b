import assert from "node:assert/strict";
import zlib from "node:zlib";
import { outputBound, OutputTooLargeError, WorkerPool } from "./worker_pool.ts";

function fill(pool: WorkerPool, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const slot = pool.input();
  slot.set(bytes);
  return slot.subarray(0, bytes.length);
}

Deno.test("WorkerPool compresses each block into a complete gzip member", async () => {
  const pool = new WorkerPool(2, "gzip", 6, 1 << 16);
  try {
    const texts = ["one ".repeat(1000), "two ".repeat(2000), "three ".repeat(10)];
    // two at a time: each result is read, then its output slot handed back
    const jobs = texts.slice(0, 2).map((t) => pool.run(fill(pool, t)));
    for (let i = 0; i < texts.length; i++) {
      const out = await jobs[i];
      assert.equal(new TextDecoder().decode(zlib.gunzipSync(out)), texts[i]);
      pool.release(out);
      if (i + 2 < texts.length) jobs.push(pool.run(fill(pool, texts[i + 2])));
    }
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool writes zstd frames with checksums into shared output slots", async () => {
  const pool = new WorkerPool(1, "zstd", 3, 1 << 16);
  try {
    const out = await pool.run(fill(pool, "frame ".repeat(5000)));
    assert.ok(out.buffer instanceof SharedArrayBuffer);
    assert.equal(out[4] & 0x04, 0x04, "frame header has the checksum flag");
    assert.equal(
      new TextDecoder().decode(zlib.zstdDecompressSync(out.slice())),
      "frame ".repeat(5000),
    );
    pool.release(out);
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool hands out each input slot once until its block is done", async () => {
  const pool = new WorkerPool(1, "gzip", 1, 1024);
  try {
    const slots = [pool.input(), pool.input()];
    assert.throws(() => pool.input(), /every input slot is in use/);
    pool.release(await pool.run(slots[0].subarray(0, 10)));
    assert.equal(pool.input().length, 1024, "a finished block's slot is free again");
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool keeps random data within the output bound", async () => {
  const pool = new WorkerPool(1, "gzip", 9, 1 << 16);
  try {
    const slot = pool.input();
    crypto.getRandomValues(slot);
    const copy = slot.slice();
    const out = await pool.run(slot);
    assert.ok(out.length > slot.length && out.length <= outputBound(slot.length));
    assert.deepEqual(new Uint8Array(zlib.gunzipSync(out)), copy);
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.close rejects jobs still waiting or running", async () => {
  const pool = new WorkerPool(1, "gzip", 9, 8 << 20);
  const first = pool.run(pool.input());
  const second = pool.run(pool.input().subarray(0, 10));
  pool.close();
  await assert.rejects(first, /cancelled/);
  await assert.rejects(second, /cancelled/);
});

Deno.test("WorkerPool decodes zstd frames, and hands back the input of one too large", async () => {
  const pool = new WorkerPool(1, "unzstd", 0, 1 << 16, { input: 1 << 17, output: (1 << 16) + 1 });
  try {
    const small = new TextEncoder().encode("frame ".repeat(1000));
    const compressed = zlib.zstdCompressSync(small);
    const input = pool.input();
    input.set(compressed);
    const out = await pool.run(input.subarray(0, compressed.length));
    assert.deepEqual(out, small);
    pool.release(out);
    const large = new Uint8Array(1 << 17).fill(7); // decodes to more than the 64 KiB slot
    const slot = pool.input();
    const frame = zlib.zstdCompressSync(large);
    slot.set(frame);
    await assert.rejects(pool.run(slot.subarray(0, frame.length)), (e: unknown) => {
      assert.ok(e instanceof OutputTooLargeError);
      assert.deepEqual(e.input, new Uint8Array(frame)); // intact, for the caller to decode
      pool.returnInput(e.input);
      return true;
    });
  } finally {
    pool.close();
  }
});
