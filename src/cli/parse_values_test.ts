import assert from "node:assert/strict";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { parseCount, parseInteger, parseSize, parseTimestamp } from "./parse_values.ts";

Deno.test("parseSize accepts bytes and binary and decimal units", () => {
  assert.equal(parseSize("100"), 100);
  assert.equal(parseSize("64MiB"), 64 * 2 ** 20);
  assert.equal(parseSize("2G"), 2 * 2 ** 30);
  assert.equal(parseSize("1.5GB"), 1.5e9);
  assert.throws(() => parseSize("lots"), InvalidArgumentError);
});

Deno.test("parseCount and parseInteger reject non-numbers with InvalidArgumentError", () => {
  assert.equal(parseCount("3"), 3);
  assert.throws(() => parseCount("-1"), InvalidArgumentError);
  assert.equal(parseInteger("-2"), -2);
  assert.throws(() => parseInteger("abc"), InvalidArgumentError);
});

Deno.test("parseTimestamp reads epoch seconds and ISO dates", () => {
  assert.equal(parseTimestamp("@1700000000"), 1_700_000_000);
  assert.equal(parseTimestamp("1700000000"), 1_700_000_000);
  assert.equal(parseTimestamp("2024-01-01T00:00:00Z"), 1_704_067_200);
  assert.throws(() => parseTimestamp("yesterday"), InvalidArgumentError);
});
