import assert from "node:assert/strict";
import { readTar, TarFormatError } from "./decode.ts";
import { encodeHeader } from "./encode.ts";
import { makeEntry } from "./entry.ts";

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
