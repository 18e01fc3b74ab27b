import assert from "node:assert/strict";
import { rawHeader } from "../../tests/fixtures/raw_tar.ts";
import { withFields } from "../../tests/fixtures/dialects.ts";
import {
  checksumOk,
  isZeroBlock,
  MAGIC_GNU,
  magicOf,
  numField,
  parseHeader,
} from "./header_decode.ts";
import { TarFormatError } from "./tar_format_error.ts";

Deno.test("parseHeader reads a ustar header's fields, and magicOf tells GNU from POSIX", () => {
  const h = rawHeader({ name: "a/b.txt", size: 12, mode: 0o640, magic: "gnu" });
  assert.equal(magicOf(h), MAGIC_GNU);
  const e = parseHeader(h, 0, magicOf(h));
  assert.deepEqual([e.path, e.type, e.mode, e.mtime], ["a/b.txt", "file", 0o640, 1600000000]);
  assert.equal(numField(h, 124, 12, 0, "size"), 12);
});

Deno.test("numField reads base-256 and names the field and offset of a bad one", () => {
  const b256 = new Uint8Array(12);
  b256[0] = 0x80;
  b256[10] = 1;
  const h = withFields(rawHeader({ name: "x" }), [[124, b256]]);
  assert.equal(numField(h, 124, 12, 0, "size"), 256);
  const bad = withFields(rawHeader({ name: "x" }), [[124, "12z4\0"]]);
  assert.throws(() => numField(bad, 124, 12, 1024, "size"), (e) => {
    assert.ok(e instanceof TarFormatError);
    assert.equal(e.offset, 1024);
    return /size/.test(e.message);
  });
});

Deno.test("checksumOk and isZeroBlock", () => {
  const h = rawHeader({ name: "x" });
  assert.ok(checksumOk(h));
  const broken = h.slice();
  broken[0] ^= 1;
  assert.ok(!checksumOk(broken));
  assert.ok(isZeroBlock(new Uint8Array(512)) && !isZeroBlock(h));
});
