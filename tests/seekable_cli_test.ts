/**
 * Seekable archives end to end: a backup's .tar.zst ends with zstd's seek table (a
 * .tar.gz's manifest lists its gzip members instead) and its manifest gives each member's
 * offset, so `extract ARCHIVE MEMBER` reads only the frames that hold the member, from a
 * local file or from S3; every other reader still reads the whole archive as before.
 */
import assert from "node:assert/strict";
import { randomBytes, run, tarz, tempDir } from "./_helpers.ts";
import { download, newBucket, s3 } from "./_s3.ts";

/** A job of five 3 MB files and a small one; its config, with `output`. */
function job(output: string): string {
  const d = tempDir();
  Deno.mkdirSync(`${d}/data/sub`, { recursive: true });
  for (let i = 1; i <= 5; i++) Deno.writeFileSync(`${d}/data/big${i}.bin`, randomBytes(3_000_000));
  Deno.writeTextFileSync(`${d}/data/sub/one.txt`, "the one file\n");
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["data"], output: "${output}", threads: 2 } } };`,
  );
  return d;
}

async function extractJson(args: string[], env?: Record<string, string>, cwd?: string) {
  const r = await tarz(["extract", ...args, "--json"], { env, cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

Deno.test("extracting one member of a local seekable archive reads only its frames", async () => {
  const d = job("out/{job}.tar.zst");
  const b = await tarz(["backup"], { cwd: d });
  assert.equal(b.code, 0, b.stderr);
  const archive = `${d}/out/j.tar.zst`;
  const size = Deno.statSync(archive).size;
  const one = await extractJson([archive, "data/sub/one.txt", "-C", `${d}/x1`]);
  assert.equal(one.seekable, true);
  assert.ok(one.bytesIn < size / 2, `${one.bytesIn} of ${size} bytes read`);
  assert.equal(Deno.readTextFileSync(`${d}/x1/data/sub/one.txt`), "the one file\n");
  const two = await extractJson([archive, "data/big3.bin", "data/sub", "-C", `${d}/x2`]);
  assert.deepEqual(
    Deno.readFileSync(`${d}/x2/data/big3.bin`),
    Deno.readFileSync(`${d}/data/big3.bin`),
  );
  assert.equal(Deno.readTextFileSync(`${d}/x2/data/sub/one.txt`), "the one file\n");
  assert.deepEqual([...Deno.readDirSync(`${d}/x2/data`)].map((e) => e.name).sort(), [
    "big3.bin",
    "sub",
  ]);
  assert.equal(two.files, 2);
  // the seek table is a skippable frame: zstd, GNU tar and bsdtar read the archive as ever
  assert.match((await run(["zstd", "-lv", archive])).stdout, /Skippable Frames: 1/);
  assert.equal((await run(["tar", "--zstd", "-tf", archive])).code, 0);
  assert.equal((await run(["sh", "-c", `bsdtar -tf ${archive} | grep -c big`])).stdout.trim(), "5");
});

Deno.test("a parallel .tar.gz gives one member back by its gzip members, which the manifest lists", async () => {
  const d = job("out/{job}.tar.gz");
  assert.equal((await tarz(["backup"], { cwd: d })).code, 0);
  const archive = `${d}/out/j.tar.gz`;
  const size = Deno.statSync(archive).size;
  const one = await extractJson([archive, "data/sub/one.txt", "-C", `${d}/x`]);
  assert.equal(one.seekable, true);
  assert.ok(one.bytesIn < size / 2, `${one.bytesIn} of ${size} bytes read`);
  assert.equal(Deno.readTextFileSync(`${d}/x/data/sub/one.txt`), "the one file\n");
  const big = await extractJson([archive, "data/big2.bin", "-C", `${d}/y`]);
  assert.equal(big.seekable, true);
  assert.deepEqual(
    Deno.readFileSync(`${d}/y/data/big2.bin`),
    Deno.readFileSync(`${d}/data/big2.bin`),
  );
});

Deno.test("without its manifest an archive is read whole, with the same result", async () => {
  const d = job("out/{job}.tar.zst");
  assert.equal((await tarz(["backup"], { cwd: d })).code, 0);
  Deno.removeSync(`${d}/out/j.tar.zst.manifest.json`);
  const r = await extractJson([`${d}/out/j.tar.zst`, "data/sub/one.txt", "-C", `${d}/x`]);
  assert.equal(r.seekable, false);
  assert.equal(r.bytesIn, Deno.statSync(`${d}/out/j.tar.zst`).size);
  assert.equal(Deno.readTextFileSync(`${d}/x/data/sub/one.txt`), "the one file\n");
});

Deno.test({
  name:
    "one member out of an archive in S3 fetches only its frames; list and restore --include too",
  ignore: s3 === null,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = job(`s3://${name}/b/{job}.tar.zst`);
    const env = s3!.env;
    assert.equal((await tarz(["backup"], { cwd: d, env })).code, 0);
    const size = (await store.stat("b/j.tar.zst"))!.size;
    const one = await extractJson(
      [`s3://${name}/b/j.tar.zst`, "data/sub/one.txt", "-C", `${d}/x`],
      env,
    );
    assert.equal(one.seekable, true);
    assert.ok(one.bytesIn < size / 2, `${one.bytesIn} of ${size} bytes fetched`);
    assert.equal(Deno.readTextFileSync(`${d}/x/data/sub/one.txt`), "the one file\n");
    // the names come from the manifest: the listing matches a full read of a local copy
    Deno.writeFileSync(`${d}/copy.tar.zst`, await download(store, "b/j.tar.zst"));
    const whole = await tarz(["list", `${d}/copy.tar.zst`]);
    const listed = await tarz(["list", `s3://${name}/b/j.tar.zst`], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout, whole.stdout);
    const verbose = await tarz(["list", "-v", `s3://${name}/b/j.tar.zst`], { env }); // reads it
    assert.match(verbose.stdout, /^-rw.* data\/big1\.bin$/m);
    const r = await tarz(["restore", "j", "-C", `${d}/r`, "--include", "data/sub"], {
      cwd: d,
      env,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...Deno.readDirSync(`${d}/r/data`)].map((e) => e.name), ["sub"]);
  },
});
