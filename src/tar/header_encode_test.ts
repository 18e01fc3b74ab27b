import assert from "node:assert/strict";
import { readTar } from "./reader.ts";
import { encodeHeader, encodeHeaderInto } from "./header_encode.ts";
import { makeEntry, type TarEntry } from "./entry.ts";
import { parsePaxRecords } from "./pax.ts";

async function roundTrip(entry: TarEntry): Promise<TarEntry> {
  const header = encodeHeader(entry);
  // a header alone, then the end marker; data is not needed to read the header back
  const size = entry.type === "file" ? entry.size : 0;
  const stream = [header, new Uint8Array(Math.ceil(size / 512) * 512), new Uint8Array(1024)];
  for await (const m of readTar(ReadableStream.from(stream))) return m.entry;
  throw new Error("no entry");
}

Deno.test("encodeHeader writes a single ustar block for ordinary entries", () => {
  const h = encodeHeader(
    makeEntry({ path: "a/b.txt", type: "file", size: 5, mtime: 1_600_000_000 }),
  );
  assert.equal(h.length, 512);
  assert.equal(new TextDecoder().decode(h.subarray(257, 263)), "ustar\0");
});

Deno.test("encodeHeader round-trips long, Unicode and prefix-split names and link targets", async () => {
  for (
    const path of [
      "x".repeat(100),
      `${"p".repeat(150)}/${"n".repeat(99)}`,
      "d".repeat(300),
      "café/日本語.txt",
    ]
  ) {
    assert.equal((await roundTrip(makeEntry({ path, type: "file" }))).path, path);
  }
  const link = "../".repeat(50) + "target";
  assert.equal(
    (await roundTrip(makeEntry({ path: "l", type: "symlink", linkname: link }))).linkname,
    link,
  );
});

Deno.test("encodeHeader stores sizes of 8 GiB and more in a PAX size record", () => {
  const size = 9 * 2 ** 30;
  const h = encodeHeader(makeEntry({ path: "huge.img", type: "file", size }));
  assert.equal(h.length, 512 * 3);
  const records = parsePaxRecords(h.subarray(512, 1024).subarray(0, h.indexOf(0, 512) - 512));
  assert.deepEqual(records.find(([k]) => k === "size"), ["size", String(size)]);
});

Deno.test("encodeHeader keeps negative and huge mtimes and ids through PAX", async () => {
  const e = await roundTrip(
    makeEntry({ path: "t", type: "file", mtime: -1_000_000_000, uid: 2 ** 31, gid: 3_000_000 }),
  );
  assert.equal(e.mtime, -1_000_000_000);
  assert.equal(e.uid, 2 ** 31);
  assert.equal(e.gid, 3_000_000);
});

Deno.test("encodeHeader writes directories with a trailing slash", async () => {
  const h = encodeHeader(makeEntry({ path: "dir", type: "directory" }));
  assert.equal(new TextDecoder().decode(h.subarray(0, 4)), "dir/");
  assert.equal((await roundTrip(makeEntry({ path: "dir", type: "directory" }))).type, "directory");
});

Deno.test("encodeHeaderInto writes the same blocks as encodeHeader, over whatever the buffer held", () => {
  const entries = [
    makeEntry({ path: "dir/a.txt", type: "file", size: 3, mode: 0o644, mtime: 1_700_000_000 }),
    makeEntry({ path: "dir", type: "directory", mode: 0o755, uname: "root", gname: "wheel" }),
    makeEntry({ path: `${"p/".repeat(60)}name`, type: "file", size: 2 ** 34 }),
    makeEntry({ path: "ünïcode", type: "symlink", linkname: "t".repeat(150), mtime: -5 }),
  ];
  for (const entry of entries) {
    const expected = encodeHeader(entry);
    const buf = new Uint8Array(expected.length + 700).fill(0xaa);
    assert.equal(encodeHeaderInto(entry, buf, 100), expected.length);
    assert.deepEqual(buf.subarray(100, 100 + expected.length), expected);
    assert.ok(buf.subarray(0, 100).every((b) => b === 0xaa), "bytes before the offset untouched");
    assert.ok(buf.subarray(100 + expected.length).every((b) => b === 0xaa), "and after the header");
  }
});

Deno.test("encodeHeaderInto writes nothing and returns 0 when the header and the reserve do not fit", () => {
  const entry = makeEntry({ path: "a.txt", type: "file", size: 3 });
  const buf = new Uint8Array(1024);
  assert.equal(encodeHeaderInto(entry, buf, 513), 0);
  assert.equal(encodeHeaderInto(entry, buf, 0, 513), 0);
  assert.ok(buf.every((b) => b === 0));
  assert.equal(encodeHeaderInto(entry, buf, 0, 512), 512);
});
