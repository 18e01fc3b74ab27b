import assert from "node:assert/strict";
import { type DecodedMember, readTar, TarFormatError } from "./decode.ts";
import { encodeHeader } from "./encode.ts";
import { makeEntry } from "./entry.ts";
import { concatBytes } from "../util/bytes.ts";

function file(path: string, text: string): Uint8Array[] {
  const data = new TextEncoder().encode(text);
  const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
  padded.set(data);
  return [encodeHeader(makeEntry({ path, type: "file", size: data.length })), padded];
}

async function names(chunks: Uint8Array[]): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks))) out.push(m.entry.path);
  return out;
}

Deno.test("readTar stops at the first zero block and ignores what follows", async () => {
  const garbage = crypto.getRandomValues(new Uint8Array(700));
  assert.deepEqual(await names([...file("a", "1"), new Uint8Array(1024), garbage]), ["a"]);
});

Deno.test("readTar accepts an archive without an end marker", async () => {
  assert.deepEqual(await names([...file("a", "1"), ...file("b", "2")]), ["a", "b"]);
});

Deno.test("readTar reports a bad header checksum with the byte offset", async () => {
  const chunks = [...file("a", "1"), ...file("b", "2")];
  chunks[2] = chunks[2].slice();
  chunks[2][0] ^= 1;
  await assert.rejects(
    names(chunks),
    (e: unknown) => e instanceof TarFormatError && e.offset === 1024,
  );
});

Deno.test("readTar reports truncated data naming the member", async () => {
  const [h, d] = file("big", "x".repeat(2000));
  await assert.rejects(
    async () => {
      for await (const m of readTar(ReadableStream.from([h, d.subarray(0, 1000)]))) {
        for await (const _ of m.body()) { /* drain */ }
      }
    },
    (e: unknown) =>
      e instanceof TarFormatError && e.member === "big" && /truncated/.test(e.message),
  );
});

Deno.test("readTar lets a PAX size override the ustar size", async () => {
  const pax = new TextEncoder().encode("11 size=10\n");
  const paxHeader = encodeHeader(
    makeEntry({ path: "PaxHeaders/a", type: "file", size: pax.length }),
  );
  paxHeader[156] = 0x78;
  // recompute the checksum after changing the type flag
  paxHeader.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of paxHeader) sum += b;
  paxHeader.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  const paxData = new Uint8Array(512);
  paxData.set(pax);
  const [h] = file("a", "");
  const data = new Uint8Array(512);
  data.set(new TextEncoder().encode("0123456789"));
  const seen: [string, number][] = [];
  for await (
    const m of readTar(ReadableStream.from([paxHeader, paxData, h, data, new Uint8Array(1024)]))
  ) {
    seen.push([m.entry.path, m.entry.size]);
  }
  assert.deepEqual(seen, [["a", 10]]);
});

Deno.test("readTar verifies checksums of headers at any alignment within a chunk", async () => {
  const archive = [...file("a", "1"), ...file("b", "2")];
  for (const shift of [0, 1, 2, 3]) {
    // the headers start `shift` bytes into the chunk's underlying buffer
    const joined = new Uint8Array(shift + 2048);
    let at = shift;
    for (const c of archive) {
      joined.set(c, at);
      at += c.length;
    }
    assert.deepEqual(await names([joined.subarray(shift)]), ["a", "b"]);
    joined[shift + 1024 + 200] ^= 0x10; // inside b's header
    await assert.rejects(
      names([joined.subarray(shift)]),
      (e: unknown) => e instanceof TarFormatError && e.offset === 1024,
    );
  }
});

Deno.test("readTar accepts the old signed checksum of headers with bytes over 127", async () => {
  const [h, d] = file("caf\u00e9", "x");
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i];
    signed += b > 127 ? b - 256 : b;
  }
  const header = h.slice();
  header.set(new TextEncoder().encode(signed.toString(8).padStart(6, "0") + "\0 "), 148);
  assert.deepEqual(await names([header, d]), ["caf\u00e9"]);
});

Deno.test("readTar passes every error through mapError with the last member's path", async () => {
  const [h, d] = file("big", "x".repeat(2000));
  const seen: string[] = [];
  const mapError = (e: unknown, last: string) => (seen.push(last), new Error(`wrapped: ${e}`));
  await assert.rejects(async () => {
    for await (const m of readTar(ReadableStream.from([h, d.subarray(0, 1000)]), { mapError })) {
      for await (const _ of m.body()) { /* drain */ }
    }
  }, /wrapped: TarFormatError/);
  const [h2] = file("c", "1");
  const broken = h2.slice();
  broken[0] ^= 1;
  await assert.rejects(names2([...file("a", "1"), broken], mapError), /wrapped/);
  assert.deepEqual(seen, ["big", "a"]);
});

async function names2(
  chunks: Uint8Array[],
  mapError: (e: unknown, last: string) => unknown,
): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks), { mapError })) out.push(m.entry.path);
  return out;
}

Deno.test("readTar reads members whose data and padding are split across chunks anywhere", async () => {
  const archive = [...file("a", "x".repeat(700)), ...file("b", "y"), new Uint8Array(1024)];
  const joined = new Uint8Array(archive.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of archive) {
    joined.set(c, at);
    at += c.length;
  }
  for (const cut of [1, 511, 512, 700, 1000, 1023, 1024, 1025, 1535, 1536, 2000]) {
    const chunks = [joined.subarray(0, cut), joined.subarray(cut)];
    assert.deepEqual(await names(chunks), ["a", "b"], `split at ${cut}`);
  }
});

Deno.test("DecodedMember.bytes returns the whole data, buffered or spread over chunks", async () => {
  const [h, d] = file("a", "x".repeat(700));
  const [h2, d2] = file("b", "y".repeat(5));
  // a's data arrives in three pieces, b's in the same chunk as its header
  const chunks = [
    h,
    d.subarray(0, 100),
    d.subarray(100, 600),
    d.subarray(600),
    concatBytes([h2, d2]),
  ];
  const got: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks))) {
    got.push(new TextDecoder().decode(await m.bytes()));
    await assert.rejects(m.bytes(), /twice/);
  }
  assert.deepEqual(got, ["x".repeat(700), "yyyyy"]);
});

Deno.test("readTar with onMember hands over each member without yielding and skips the data", async () => {
  const chunks = [...file("a", "x".repeat(700)), ...file("b", "y"), new Uint8Array(1024)];
  const seen: string[] = [];
  const errors: string[] = [];
  const onMember = (m: DecodedMember) => {
    seen.push(`${m.entry.path}:${m.storedSize}`);
    m.bytes().catch((e) => errors.push(e.message));
  };
  let yielded = 0;
  for await (const _ of readTar(ReadableStream.from(chunks), { onMember })) yielded++;
  await Promise.resolve();
  assert.equal(yielded, 0);
  assert.deepEqual(seen, ["a:700", "b:1"]);
  assert.deepEqual(errors, [
    "Cannot read a member's data from onMember",
    "Cannot read a member's data from onMember",
  ]);
});
