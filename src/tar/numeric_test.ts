import assert from "node:assert/strict";
import { readNumeric, writeBase256, writeOctal } from "./numeric.ts";

Deno.test("writeOctal writes zero-padded octal with a NUL and refuses values that do not fit", () => {
  const b = new Uint8Array(8);
  assert.equal(writeOctal(b, 0, 8, 0o644), true);
  assert.equal(new TextDecoder().decode(b), "0000644\0");
  assert.equal(writeOctal(b, 0, 8, 8 ** 7), false);
  assert.equal(writeOctal(b, 0, 8, -1), false);
});

Deno.test("readNumeric reads octal with spaces and NULs, and base-256 positive and negative", () => {
  const enc = new TextEncoder();
  assert.equal(readNumeric(enc.encode(" 644 \0\0\0"), 0, 8), 0o644);
  assert.equal(readNumeric(new Uint8Array(8), 0, 8), 0);
  const b = new Uint8Array(12);
  writeBase256(b, 0, 12, 2 ** 40);
  assert.equal(readNumeric(b, 0, 12), 2 ** 40);
  writeBase256(b, 0, 12, -1_000_000_000);
  assert.equal(readNumeric(b, 0, 12), -1_000_000_000);
});

Deno.test("readNumeric rejects a field with a non-octal digit", () => {
  assert.throws(
    () => readNumeric(new TextEncoder().encode("0000001x234\0"), 0, 12),
    /not an octal/,
  );
});

Deno.test("writeOctal writes values of 2 ** 31 and more digit for digit, up to the field's limit", () => {
  const b = new Uint8Array(12);
  for (const v of [2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 0o17777777777, 8 ** 11 - 1, 1_700_000_000]) {
    assert.equal(writeOctal(b, 0, 12, v), true);
    assert.equal(new TextDecoder().decode(b), `${v.toString(8).padStart(11, "0")}\0`);
  }
});
