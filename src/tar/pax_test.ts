import assert from "node:assert/strict";
import { encodePaxRecords, parsePaxRecords } from "./pax.ts";

Deno.test("encodePaxRecords makes each record's length count itself, across digit boundaries", () => {
  for (const len of [1, 5, 6, 7, 90, 95, 96, 990, 995]) {
    const v = "x".repeat(len);
    const data = encodePaxRecords([["path", v]]);
    const text = new TextDecoder().decode(data);
    assert.equal(Number(text.split(" ")[0]), data.length);
    assert.deepEqual(parsePaxRecords(data), [["path", v]]);
  }
});

Deno.test("parsePaxRecords keeps repeated keys in order and accepts UTF-8 values", () => {
  const data = encodePaxRecords([["GNU.sparse.offset", "0"], ["GNU.sparse.offset", "9"], [
    "path",
    "日本",
  ]]);
  assert.deepEqual(parsePaxRecords(data), [["GNU.sparse.offset", "0"], ["GNU.sparse.offset", "9"], [
    "path",
    "日本",
  ]]);
});

Deno.test("parsePaxRecords rejects lengths past the data, missing newlines and missing keys", () => {
  const enc = new TextEncoder();
  assert.throws(() => parsePaxRecords(enc.encode("99999999999 path=x\n")), /exceeds/);
  assert.throws(() => parsePaxRecords(enc.encode("11 path=xy ")), /newline/);
  assert.throws(() => parsePaxRecords(enc.encode("8 =abcd\n")), /no key/);
  assert.throws(() => parsePaxRecords(enc.encode("abc")), /malformed/);
});
