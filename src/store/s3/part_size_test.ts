import assert from "node:assert/strict";
import { MAX_PARTS, maxUploadBytes, MIN_PART, partSize } from "./part_size.ts";

Deno.test("parts start at 8 MiB and double every thousand", () => {
  assert.equal(partSize(1), MIN_PART);
  assert.equal(partSize(1000), MIN_PART);
  assert.equal(partSize(1001), 2 * MIN_PART);
  assert.equal(partSize(2001), 4 * MIN_PART);
});

Deno.test("10,000 parts hold 5 TiB, and no part is over S3's 5 GiB", () => {
  assert.ok(maxUploadBytes() >= 5 * 1024 ** 4);
  assert.ok(partSize(MAX_PARTS) <= 5 * 1024 ** 3);
});
