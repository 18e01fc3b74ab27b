import assert from "node:assert/strict";
import zlib from "node:zlib";
import { concatBytes } from "../util/bytes.ts";
import { gunzip } from "./gunzip.ts";
import { countAllocations } from "../../tests/fixtures/work_counter.ts";

async function text(chunks: Uint8Array[]): Promise<string> {
  let s = "";
  for await (const c of gunzip(ReadableStream.from(chunks))) s += new TextDecoder().decode(c);
  return s;
}

const a = zlib.gzipSync("hello ");
const b = zlib.gzipSync("world");

Deno.test("gunzip reads every member of a multi-member stream", async () => {
  assert.equal(await text([a, b]), "hello world");
});

Deno.test("gunzip ignores trailing garbage after a complete member, as gzip -d does", async () => {
  assert.equal(await text([a, new TextEncoder().encode("GARBAGE")]), "hello ");
  // split across chunk boundaries too
  const all = new Uint8Array([...a, ...b, ...new TextEncoder().encode("junk")]);
  assert.equal(await text([...all].map((x) => new Uint8Array([x]))), "hello world");
});

Deno.test("gunzip rejects a wrong CRC, a truncated stream and a non-gzip stream", async () => {
  const bad = new Uint8Array(a); // a copy (Buffer#slice is a view)
  bad[bad.length - 6] ^= 0xff;
  await assert.rejects(text([bad]), /CRC-32/);
  await assert.rejects(text([a.subarray(0, a.length - 3)]), /truncated/);
  await assert.rejects(text([new TextEncoder().encode("plain text")]), /not a gzip/);
});

Deno.test("gunzip reads large members from a file, where reads and inflation interleave", async () => {
  // members far larger than one read: a member often ends while the next read is pending
  const members: Uint8Array[] = [];
  const plain: Uint8Array[] = [];
  let x = 1;
  for (let m = 0; m < 3; m++) {
    const data = new Uint8Array(3 << 20);
    for (let i = 0; i < data.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      data[i] = (x >>> 24) % 16 + 97;
    }
    plain.push(data);
    members.push(new Uint8Array(zlib.gzipSync(data)));
  }
  const path = Deno.makeTempFileSync();
  Deno.writeFileSync(path, concatBytes(members));
  using file = Deno.openSync(path);
  const parts: Uint8Array[] = [];
  for await (const c of gunzip(file.readable)) parts.push(c);
  assert.deepEqual(concatBytes(parts), concatBytes(plain));
  Deno.removeSync(path);
});

Deno.test("gunzip reads every optional header field, split at any byte", async () => {
  // FEXTRA, FNAME, FCOMMENT and FHCRC, then the deflate data and trailer of "hi"
  const plain = zlib.gzipSync("hi");
  const fields = new Uint8Array([
    ...[0x1f, 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3],
    ...[3, 0, 1, 2, 3], // extra: 3 bytes
    ...new TextEncoder().encode("name.txt\0a comment\0"),
    ...[0, 0], // header CRC (not checked, as gzip -d does not)
  ]);
  const member = new Uint8Array([...fields, ...plain.subarray(10)]);
  const two = new Uint8Array([...member, ...member]);
  assert.equal(await text([...two].map((x) => new Uint8Array([x]))), "hihi");
});

Deno.test("gunzip spends nothing per empty member: 100,000 of them allocate no output", async () => {
  const empty = zlib.gzipSync(new Uint8Array(0));
  const last = zlib.gzipSync("hello ");
  const stream = (n: number) => {
    const all = new Uint8Array(empty.length * n + last.length);
    for (let i = 0; i < n; i++) all.set(empty, i * empty.length);
    all.set(last, empty.length * n);
    return all;
  };
  let out = "";
  const bytes = await countAllocations(async () => out = await text([stream(100_000)]));
  assert.equal(out, "hello ");
  // a few output chunks, not one per member (that was 12.8 GB)
  assert.ok(bytes < 8 << 20, `${bytes} bytes allocated`);
});
