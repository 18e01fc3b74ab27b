import assert from "node:assert/strict";
import { compress, decompress } from "./codec.ts";
import { FORMATS } from "./format.ts";
import { concatBytes } from "../util/bytes.ts";

async function collect(s: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  return concatBytes(parts);
}

Deno.test("compress and decompress round-trip every format", async () => {
  const data = new TextEncoder().encode("tarz ".repeat(100_000));
  for (const f of FORMATS) {
    const packed = await collect(
      compress(ReadableStream.from([data.subarray(0, 1000), data.subarray(1000)]), f),
    );
    if (f !== "tar") assert.ok(packed.length < data.length / 10, `${f} compresses`);
    const back = await collect(decompress(ReadableStream.from([packed]), f));
    assert.deepEqual(back, data, f);
  }
});

Deno.test("compress runs a --use-compress-program command", async () => {
  const data = new TextEncoder().encode("x".repeat(10_000));
  const packed = await collect(
    compress(ReadableStream.from([data]), "tar", { program: "gzip -1" }),
  );
  assert.deepEqual(await collect(decompress(ReadableStream.from([packed]), "gzip")), data);
});
