/**
 * The single-file build: `deno task bundle` writes dist/tarz.js, and that file alone runs
 * create, list, extract, a config job with a plugin, and an S3 round trip, with `deno run -A --no-config` in
 * a scratch directory (no deno.json, no node_modules), as a user running it from a URL
 * would.
 */
import assert from "node:assert/strict";
import { run, snapshot, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";

const ROOT = new URL("..", import.meta.url).pathname;

Deno.test("dist/tarz.js runs create, list and extract on its own", async () => {
  const out = tempDir();
  const bundled = `${out}/tarz.js`;
  const b = await run([
    Deno.execPath(),
    "bundle",
    "--platform",
    "deno",
    "-o",
    bundled,
    `${ROOT}main.ts`,
  ], { cwd: ROOT });
  assert.equal(b.code, 0, b.stderr);

  const scratch = tempDir();
  Deno.mkdirSync(`${scratch}/src/sub`, { recursive: true });
  Deno.writeTextFileSync(`${scratch}/src/sub/a.txt`, "bundled\n".repeat(1000));
  Deno.symlinkSync("sub/a.txt", `${scratch}/src/link`);
  const tarz = (...args: string[]) =>
    run([Deno.execPath(), "run", "-A", "--no-config", bundled, ...args], { cwd: scratch });

  for (const [out, threads] of [["a.tar.gz", "2"], ["a.tar.zst", "2"], ["a.tar", "1"]]) {
    const c = await tarz("create", "src", "-o", out, "--threads", threads, "--progress", "none");
    assert.equal(c.code, 0, c.stderr);
    const l = await tarz("list", out);
    assert.equal(l.stdout, "src/\nsrc/link\nsrc/sub/\nsrc/sub/a.txt\n");
    const x = await tarz("extract", out, "-C", `x-${out}`, "--progress", "none");
    assert.equal(x.code, 0, x.stderr);
    assert.deepEqual(snapshot(`${scratch}/x-${out}/src`), snapshot(`${scratch}/src`));
  }
  // enough small files for the reading and writing threads, whose code is embedded text
  Deno.mkdirSync(`${scratch}/many`);
  for (let i = 0; i < 400; i++) Deno.writeTextFileSync(`${scratch}/many/f${i}`, `file ${i}\n`);
  const many = await tarz("create", "many", "-o", "many.tar", "--progress", "none");
  assert.equal(many.code, 0, many.stderr);
  const manyX = await tarz("extract", "many.tar", "-C", "x-many", "--progress", "none");
  assert.equal(manyX.code, 0, manyX.stderr);
  assert.deepEqual(snapshot(`${scratch}/x-many/many`), snapshot(`${scratch}/many`));
  Deno.removeSync(`${scratch}/many`, { recursive: true });
  // a config job, its plugin and explain, through the same loader a binary uses
  Deno.writeTextFileSync(
    `${scratch}/tarz.config.ts`,
    `import { defineConfig, manifest } from "tarz";
export default defineConfig({
  jobs: { src: { sources: ["src"], output: "out/{job}.tar.zst", exclude: ["*.log"], plugins: [manifest()] } },
});`,
  );
  Deno.writeTextFileSync(`${scratch}/src/debug.log`, "noise");
  const job = await tarz("create", "--job", "src", "--progress", "none");
  assert.equal(job.code, 0, job.stderr);
  const verify = await tarz("verify", "out/src.tar.zst", "--manifest");
  assert.equal(verify.code, 0, verify.stderr);
  const backup = await tarz("backup", "src", "--json", "--verify");
  assert.equal(backup.code, 0, backup.stderr);
  const report = JSON.parse(backup.stdout).jobs[0];
  assert.match(report.archive, /\/out\/src\+2\.tar\.zst$/, "never over the archive there");
  assert.equal(report.verified, true);
  assert.equal(Deno.statSync(`${scratch}/out/src.tar.zst`).isFile, true);
  const why = await tarz("explain", "src/debug.log");
  assert.match(
    why.stdout,
    /^excluded {2}src\/debug\.log by \*\.log {2}\(jobs\.src\.exclude\[0\]\)/,
  );
  const v = await tarz("--version");
  assert.match(v.stdout, /\d+\.\d+\.\d+/);
  // and a round trip through S3, when the test server runs
  const server = s3;
  if (server) {
    const { name } = await newBucket(server);
    const s3run = (...args: string[]) =>
      run([Deno.execPath(), "run", "-A", "--no-config", bundled, ...args], {
        cwd: scratch,
        env: server.env,
      });
    const up = await s3run("create", "src", "-o", `s3://${name}/b.tar.zst`, "--progress", "none");
    assert.equal(up.code, 0, up.stderr);
    const down = await s3run(
      "extract",
      `s3://${name}/b.tar.zst`,
      "-C",
      "x-s3",
      "--progress",
      "none",
    );
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(snapshot(`${scratch}/x-s3/src`), snapshot(`${scratch}/src`));
  }
});
