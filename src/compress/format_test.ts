import assert from "node:assert/strict";
import { checkLevel, detectFormat, formatFromName } from "./format.ts";

Deno.test("formatFromName maps every supported extension", () => {
  const cases: [string, string | undefined][] = [
    ["a.tar", "tar"],
    ["a.tar.gz", "gzip"],
    ["a.TGZ", "gzip"],
    ["a.tar.zst", "zstd"],
    ["a.tzst", "zstd"],
    ["a.tar.br", "brotli"],
    ["a.tar.xz", "xz"],
    ["a.txz", "xz"],
    ["a.tar.bz2", "bzip2"],
    ["a.tbz2", "bzip2"],
    ["a.zip", undefined],
  ];
  for (const [name, want] of cases) assert.equal(formatFromName(name), want, name);
});

Deno.test("detectFormat recognises magic bytes and a tar header, and leaves the rest to brotli", () => {
  assert.equal(detectFormat(new Uint8Array([0x1f, 0x8b, 8])), "gzip");
  assert.equal(detectFormat(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd])), "zstd");
  assert.equal(detectFormat(new Uint8Array([0x50, 0x2a, 0x4d, 0x18])), "zstd");
  assert.equal(detectFormat(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0])), "xz");
  assert.equal(detectFormat(new TextEncoder().encode("BZh9")), "bzip2");
  assert.equal(detectFormat(new Uint8Array(512)), "tar");
  assert.equal(detectFormat(new Uint8Array(512).fill(7)), undefined);
});

Deno.test("checkLevel names the allowed range", () => {
  assert.equal(checkLevel("gzip", 9), null);
  assert.match(checkLevel("gzip", 10)!, /from 1 to 9/);
  assert.match(checkLevel("zstd", 0)!, /from 1 to 19/);
  assert.match(checkLevel("tar", 1)!, /no compression level/);
});
