import assert from "node:assert/strict";
import { compressParallel } from "../compress/parallel.ts";
import { encodeHeader, END_OF_ARCHIVE } from "../tar/header_encode.ts";
import { makeEntry } from "../tar/entry.ts";
import { padToBlock } from "../tar/constants.ts";
import { readTar } from "../tar/reader.ts";
import { MemberIndex } from "../tar/member_index.ts";
import { concatBytes } from "../util/bytes.ts";
import { openSeekable } from "./seekable_read.ts";

/** A seekable .tar.zst of `files` in 64 KiB frames, with a manifest giving the offsets. */
async function seekable(dir: string, files: [string, number][]): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const [path, size] of files) {
    parts.push(encodeHeader(makeEntry({ path, type: "file", size })));
    const data = new Uint8Array(padToBlock(size));
    for (let i = 0; i < size; i++) data[i] = (i * 31 + path.length) & 0xff;
    parts.push(data);
  }
  parts.push(END_OF_ARCHIVE);
  const tar = concatBytes(parts);
  const index = new MemberIndex();
  index.push(tar);
  const out: Uint8Array[] = [];
  for await (
    const c of compressParallel(ReadableStream.from([tar]), "zstd", {
      level: 1,
      threads: 2,
      blockSize: 64 << 10,
    })
  ) out.push(c.slice());
  const archive = `${dir}/a.tar.zst`;
  Deno.writeFileSync(archive, concatBytes(out));
  Deno.writeTextFileSync(
    `${archive}.manifest.json`,
    JSON.stringify({
      archive: "a.tar.zst",
      job: "t",
      created: "",
      files: {},
      offsets: Object.fromEntries(index.members),
    }),
  );
  return archive;
}

async function names(tar: AsyncIterable<Uint8Array>): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for await (const m of readTar(ReadableStream.from(tar))) {
    out.push([m.entry.path, (await m.bytes()).length]);
  }
  return out;
}

Deno.test("openSeekable reads the wanted members alone, from only the frames that hold them", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const archive = await seekable(dir, [["a", 200_000], ["b", 10], ["c", 300_000], ["d", 5]]);
    const opened = await openSeekable(archive, (n) => n === "b" || n === "d");
    assert.ok(opened?.seekable);
    assert.deepEqual(await names(opened.tar), [["b", 10], ["d", 5]]);
    assert.ok(opened.bytesRead() < Deno.statSync(archive).size / 2, `${opened.bytesRead()} read`);
    const big = await openSeekable(archive, (n) => n === "c");
    assert.deepEqual(await names(big!.tar), [["c", 300_000]]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openSeekable declines what it cannot read in part: no manifest, not zstd", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const archive = await seekable(dir, [["a", 10]]);
    Deno.removeSync(`${archive}.manifest.json`);
    assert.equal(await openSeekable(archive, () => true), null);
    Deno.writeFileSync(`${dir}/x.tar.gz`, new Uint8Array(100));
    assert.equal(await openSeekable(`${dir}/x.tar.gz`, () => true), null);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
