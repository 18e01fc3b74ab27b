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

Deno.test("xz takes its input in blocks of one dictionary, so progress moves in small steps", async () => {
  const data = new Uint8Array(6 * 2 ** 20);
  let x = 1;
  for (let i = 0; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const packed = await collect(compress(ReadableStream.from([data]), "xz", { level: 1 }));
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/a.xz`, packed);
    const out = await new Deno.Command("xz", { args: ["--robot", "-lv", `${dir}/a.xz`] }).output();
    const blocks = new TextDecoder().decode(out.stdout).split("\n").filter((l) =>
      l.startsWith("block\t")
    );
    // -1 has a 1 MiB dictionary; xz's own default would be 3 MiB blocks, two of them here
    assert.equal(blocks.length, 6);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
