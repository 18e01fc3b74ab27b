import assert from "node:assert/strict";
import { concatBytes } from "../util/bytes.ts";
import { decompress } from "./codec.ts";
import { compressParallel, rechunk } from "./parallel.ts";
import type { SeekFrame } from "./seek_table.ts";

async function collect(s: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c.slice());
  return concatBytes(parts);
}

function sample(size: number): Uint8Array {
  const words = ["tar", "stream", "block", "worker", "frame", "member"];
  let x = 7;
  const parts: string[] = [];
  for (let n = 0; n < size;) {
    x = (x * 1103515245 + 12345) >>> 0;
    const w = words[x % words.length] + (x % 97) + " ";
    parts.push(w);
    n += w.length;
  }
  return new TextEncoder().encode(parts.join("")).subarray(0, size);
}

async function system(cmd: string[], input: Uint8Array): Promise<Uint8Array> {
  const child = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(input);
  await w.close();
  const out = await child.output();
  assert.ok(out.success, `${cmd.join(" ")} failed`);
  return out.stdout;
}

Deno.test("rechunk cuts a stream into exact blocks whatever the input chunking", async () => {
  const data = sample(10_000);
  const pieces = [data.subarray(0, 1), data.subarray(1, 3333), data.subarray(3333)];
  const blocks = await collect(
    (async function* () {
      for await (const b of rechunk(ReadableStream.from(pieces), 4096)) {
        assert.ok(b.length === 4096 || b.length === 10_000 % 4096);
        yield b;
      }
    })(),
  );
  assert.deepEqual(blocks, data);
});

for (const format of ["gzip", "zstd"] as const) {
  const tool = format === "gzip" ? ["gzip", "-dc"] : ["zstd", "-dcq"];

  Deno.test(`compressParallel writes ${format} blocks that gzip/zstd and tarz decode`, async () => {
    const data = sample(300_000);
    const packed = await collect(
      compressParallel(ReadableStream.from([data]), format, {
        level: 3,
        threads: 3,
        blockSize: 64 << 10,
      }),
    );
    assert.deepEqual(await system(tool, packed), data, `system ${format}`);
    assert.deepEqual(await collect(decompress(ReadableStream.from([packed]), format)), data);
  });

  Deno.test(`compressParallel ${format} output does not depend on the thread count`, async () => {
    const data = sample(200_000);
    const run = (threads: number) =>
      collect(
        compressParallel(ReadableStream.from([data]), format, {
          level: 1,
          threads,
          blockSize: 32 << 10,
        }),
      );
    assert.deepEqual(await run(2), await run(4));
  });
}

Deno.test("compressParallel reports a worker's failure as an error", async () => {
  await assert.rejects(
    collect(compressParallel(ReadableStream.from([sample(1000)]), "gzip", {
      level: 42,
      threads: 2,
      blockSize: 256,
    })),
    /gzip worker failed/,
  );
});

for (const format of ["gzip", "zstd"] as const) {
  Deno.test(`a ${format} stream shorter than one block is compressed here, as a worker would`, async () => {
    const options = { level: 3, threads: 2, blockSize: 32 << 10 };
    const run = async (parts: Uint8Array[]) => {
      let frames: SeekFrame[] = [];
      const out = await collect(
        compressParallel(ReadableStream.from(parts), format, {
          ...options,
          onFrames: (f) => (frames = f),
        }),
      );
      return { out, frames };
    };
    const short = sample(20_000);
    const here = await run([short]);
    assert.deepEqual(here.frames, [{
      compressed: here.frames[0].compressed,
      decompressed: 20_000,
    }]);
    assert.deepEqual(
      await system(format === "gzip" ? ["gzip", "-dc"] : ["zstd", "-dc"], here.out),
      short,
    );
    // after one whole block the same bytes go to a worker, which makes the same frame
    const both = await run([sample(options.blockSize), short]);
    const at = both.frames[0].compressed;
    assert.deepEqual(
      both.out.subarray(at, at + both.frames[1].compressed),
      here.out.subarray(0, here.frames[0].compressed),
    );
  });
}

Deno.test("compressParallel reports a failure on this thread as an error", async () => {
  await assert.rejects(
    collect(compressParallel(ReadableStream.from([sample(1000)]), "gzip", {
      level: 42,
      threads: 2,
    })),
    /gzip compression failed/,
  );
});

Deno.test("compressParallel stops its workers when the consumer stops early", async () => {
  const endless = (async function* () {
    for (;;) yield sample(70_000);
  })();
  for await (
    const _ of compressParallel(endless, "zstd", {
      level: 1,
      threads: 2,
      blockSize: 64 << 10,
    })
  ) break;
});
