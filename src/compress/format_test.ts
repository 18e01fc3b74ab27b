import assert from "node:assert/strict";
import zlib from "node:zlib";
import { foreignFormat } from "./signature.ts";
import { concat, END, rawFile, rawHeader } from "../../tests/fixtures/raw_tar.ts";
import { checkLevel, detectFormat, formatFromName, isTarStart } from "./format.ts";

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

Deno.test("detectFormat reads a damaged tar header as tar, so the tar reader can say what is wrong", () => {
  const damaged = rawHeader({ name: "a.txt", size: 3 });
  damaged[148] = 0x37; // checksum now wrong, but still octal digits
  assert.equal(detectFormat(damaged), "tar");
  const v7 = rawHeader({ name: "old", magic: "v7" });
  v7[0] ^= 1;
  assert.equal(detectFormat(v7), "tar");
  assert.equal(isTarStart(damaged), false);
  assert.equal(isTarStart(rawHeader({ name: "a.txt" })), true);
});

Deno.test("detectFormat leaves no real brotli stream to the signatures, at any level", () => {
  const tar = concat([rawFile("a.txt", "hello"), END]);
  for (let q = 0; q <= 11; q++) {
    const br = new Uint8Array(
      zlib.brotliCompressSync(tar, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: q } }),
    );
    assert.equal(detectFormat(br), undefined, `quality ${q}`);
    assert.equal(foreignFormat(br), null, `quality ${q}`);
  }
});

Deno.test("foreignFormat names other archive formats and text, and nothing else", () => {
  const enc = new TextEncoder();
  assert.equal(foreignFormat(enc.encode("hello\n")), "text");
  assert.equal(foreignFormat(enc.encode("caf\u00e9 na\u00efve \u2014 \u{1f600}\n")), "text");
  assert.equal(foreignFormat(enc.encode("cut \u00e9").subarray(0, 5)), "text");
  assert.equal(foreignFormat(new Uint8Array([0x50, 0x4b, 3, 4, 0])), "a zip archive");
  assert.equal(foreignFormat(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])), "a 7z archive");
  assert.equal(foreignFormat(enc.encode("Rar!\x1a\x07\x00")), "a RAR archive");
  assert.equal(foreignFormat(new Uint8Array([4, 0x22, 0x4d, 0x18])), "an lz4 stream");
  assert.equal(foreignFormat(enc.encode("LZIP\x01")), "an lzip stream");
  assert.equal(foreignFormat(new Uint8Array([0x68, 0x69, 0, 1])), null); // a NUL: binary
  assert.equal(foreignFormat(new Uint8Array([0xc3, 0x28])), null); // invalid UTF-8
  assert.equal(foreignFormat(new Uint8Array(0)), null);
});

Deno.test("checkLevel names the allowed range", () => {
  assert.equal(checkLevel("gzip", 9), null);
  assert.match(checkLevel("gzip", 10)!, /from 1 to 9/);
  assert.match(checkLevel("zstd", 0)!, /from 1 to 19/);
  assert.match(checkLevel("tar", 1)!, /no compression level/);
});
