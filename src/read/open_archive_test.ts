import assert from "node:assert/strict";
import { createArchive } from "../create/create_archive.ts";
import { extractArchive } from "../extract/extract_archive.ts";
import { encodeHeader } from "../tar/header_encode.ts";
import { makeEntry } from "../tar/entry.ts";
import { openArchive } from "./open_archive.ts";
import { randomBytes } from "../../tests/_helpers.ts";

Deno.test("openArchive detects compression from magic bytes, not from the name", async () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/a.txt`, "hello");
  await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tar.zst` });
  Deno.renameSync(`${dir}/a.tar.zst`, `${dir}/misnamed.tar.gz`);
  const opened = await openArchive(`${dir}/misnamed.tar.gz`);
  assert.equal(opened.format, "zstd");
  for await (const _ of opened.tar) { /* drain */ }
});

Deno.test("openArchive keeps each chunk of a plain tar intact while the next one is read", async () => {
  const dir = Deno.makeTempDirSync();
  const file = randomBytes(3.5 * (1 << 20));
  // one member holding the rest of the file
  file.set(encodeHeader(makeEntry({ path: "x", type: "file", size: file.length - 512 })));
  Deno.writeFileSync(`${dir}/x.tar`, file);
  const opened = await openArchive(`${dir}/x.tar`);
  assert.equal(opened.format, "tar");
  let previous: Uint8Array | null = null;
  let previousCopy: Uint8Array | null = null;
  let at = 0;
  for await (const chunk of opened.tar) {
    if (previous) assert.ok(_same(previous, previousCopy!), "the previous chunk was overwritten");
    assert.ok(_same(chunk, file.subarray(at, at + chunk.length)), `wrong bytes at ${at}`);
    at += chunk.length;
    previous = chunk;
    previousCopy = chunk.slice();
  }
  assert.equal(at, file.length);
});

/**
 * Archives `count` random files of `smallest` to `smallest + spread` bytes as `name`,
 * extracts the archive and checks every file; returns the archive's size.
 */
async function _roundTrip(
  name: string,
  count: number,
  smallest: number,
  spread: number,
  threads?: number,
): Promise<number> {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/src`);
  const want = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(smallest + (i * 7919) % spread);
    want.set(`f${i}`, bytes);
    Deno.writeFileSync(`${dir}/src/f${i}`, bytes);
  }
  await createArchive({ sources: ["src"], cwd: dir, output: `${dir}/${name}`, threads });
  await extractArchive({ archive: `${dir}/${name}`, dest: `${dir}/out` });
  for (const [file, bytes] of want) {
    assert.ok(_same(Deno.readFileSync(`${dir}/out/src/${file}`), bytes), file);
  }
  return Deno.statSync(`${dir}/${name}`).size;
}

// (deepEqual would spend minutes rendering the diff of two MiB-sized arrays)
function _same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

Deno.test("extracting a plain tar bigger than the read buffers keeps every small file intact", async () => {
  // 300 files of 13 KiB to 200 KiB: many start in one read buffer and end in the next
  assert.ok(await _roundTrip("a.tar", 300, 13_000, 190_000) > 20 * (1 << 20));
});

Deno.test("extracting a multi-frame .tar.zst bigger than the read buffers keeps every file intact", async () => {
  // random content does not compress: many MiB of frames, files split across reads
  assert.ok(await _roundTrip("a.tar.zst", 120, 20_000, 300_000, 2) > 12 * (1 << 20));
});
