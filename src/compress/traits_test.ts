import assert from "node:assert/strict";
import { compressorTraits } from "./traits.ts";

Deno.test("compressorTraits: who releases chunks, who takes every core, who wants the size", () => {
  const cores = navigator.hardwareConcurrency || 1;
  assert.deepEqual(compressorTraits("tar"), {
    releasesChunks: true,
    usesEveryCore: false,
    wantsSize: false,
  });
  assert.equal(
    compressorTraits("gzip", undefined, 1).releasesChunks,
    false,
    "one node:zlib stream",
  );
  assert.equal(compressorTraits("gzip", undefined, cores).usesEveryCore, cores >= 1);
  assert.equal(compressorTraits("xz").usesEveryCore, true);
  assert.equal(compressorTraits("brotli").wantsSize, true);
  assert.deepEqual(compressorTraits("brotli", "pigz"), {
    releasesChunks: true,
    usesEveryCore: false,
    wantsSize: false,
  });
});
