import assert from "node:assert/strict";
import { formatBytes, formatDuration } from "./format_units.ts";

Deno.test("formatBytes uses binary units with sensible precision", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(98.79515), "99 B", "a rate below 1 KiB/s is whole bytes");
  assert.equal(formatBytes(1536), "1.50 KiB");
  assert.equal(formatBytes(200 * 2 ** 20), "200 MiB");
});

Deno.test("formatDuration scales from seconds to hours", () => {
  assert.equal(formatDuration(420), "0.42s");
  assert.equal(formatDuration(12_300), "12.3s");
  assert.equal(formatDuration(245_000), "4m05s");
  assert.equal(formatDuration(3_720_000), "1h02m");
});
