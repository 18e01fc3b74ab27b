import assert from "node:assert/strict";
import { encodeHeader, END_OF_ARCHIVE } from "./header_encode.ts";
import { makeEntry } from "./entry.ts";
import { padToBlock } from "./constants.ts";
import { readTar } from "./reader.ts";
import { concatBytes } from "../util/bytes.ts";
import { MemberIndex } from "./member_index.ts";

/** An archive of files with short, long (PAX) and Unicode names, and a directory. */
function archive(): Uint8Array {
  const parts: Uint8Array[] = [];
  const add = (path: string, type: "file" | "directory", data = new Uint8Array(0)) => {
    parts.push(encodeHeader(makeEntry({ path, type, size: data.length })));
    const padded = new Uint8Array(padToBlock(data.length));
    padded.set(data);
    parts.push(padded);
  };
  add("dir/", "directory");
  add("dir/a.txt", "file", new TextEncoder().encode("hello"));
  add(`dir/${"long-name-".repeat(20)}.txt`, "file", new Uint8Array(1500).fill(7));
  add("dir/café ☕.txt", "file", new Uint8Array(512));
  add("dir/empty", "file");
  parts.push(END_OF_ARCHIVE);
  return concatBytes(parts);
}

Deno.test("MemberIndex finds each member's first header, as the tar reader does, however it is cut", async () => {
  const tar = archive();
  const want: [string, number][] = [];
  for await (const m of readTar(ReadableStream.from([tar]))) {
    want.push([m.entry.type === "directory" ? `${m.entry.path}/` : m.entry.path, m.offset]);
  }
  for (const cut of [1, 7, 100, 512, 513, 4096, tar.length]) {
    const index = new MemberIndex();
    for (let i = 0; i < tar.length; i += cut) index.push(tar.subarray(i, i + cut));
    assert.deepEqual(index.members, want, `cut every ${cut} bytes`);
    assert.equal(index.end, tar.length - END_OF_ARCHIVE.length);
  }
});
