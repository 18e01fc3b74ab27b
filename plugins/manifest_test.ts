import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createArchive } from "../src/create/create_archive.ts";
import { HookRunner } from "../src/plugin/hook_runner.ts";
import { readManifest } from "../src/read/manifest_file.ts";
import { verifyArchive } from "../src/read/verify_archive.ts";
import { manifest } from "./manifest.ts";

Deno.test("manifest() writes every file's sha256 beside the archive, and verify checks it", async () => {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src`);
  Deno.writeTextFileSync(`${d}/src/a.txt`, "alpha");
  const big = new Uint8Array(600_000).map((_, i) => i % 251);
  Deno.writeFileSync(`${d}/src/big.bin`, big);
  await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar.gz`,
    job: "docs",
    plugins: new HookRunner([manifest()], () => {}),
  });
  const m = await readManifest(`${d}/out.tar.gz.manifest.json`);
  assert.equal(m.archive, "out.tar.gz");
  assert.equal(m.job, "docs");
  assert.deepEqual(m.files, {
    "src/a.txt": createHash("sha256").update("alpha").digest("hex"),
    "src/big.bin": createHash("sha256").update(big).digest("hex"),
  });
  const ok = await verifyArchive(`${d}/out.tar.gz`, { manifest: m.files });
  assert.deepEqual(ok.differences, []);
  const bad = await verifyArchive(`${d}/out.tar.gz`, {
    manifest: { "src/a.txt": "0".repeat(64), "src/gone.txt": "1".repeat(64) },
  });
  assert.deepEqual(bad.differences, [
    { path: "src/a.txt", what: "content differs from the manifest" },
    { path: "src/big.bin", what: "not in the manifest" },
    { path: "src/gone.txt", what: "in the manifest but not in the archive" },
  ]);
});
