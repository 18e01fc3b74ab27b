/**
 * The single-file build: `deno task bundle` writes dist/tarz.js, and that file alone runs
 * create, list and extract with `deno run -A --no-config` in a scratch directory (no
 * deno.json, no node_modules), as a user running it from a URL would.
 */
import assert from "node:assert/strict";
import { run, snapshot, tempDir } from "./_helpers.ts";

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
    const c = await tarz("create", "src", "-o", out, "-T", threads, "--progress", "none");
    assert.equal(c.code, 0, c.stderr);
    const l = await tarz("list", out);
    assert.equal(l.stdout, "src/\nsrc/link\nsrc/sub/\nsrc/sub/a.txt\n");
    const x = await tarz("extract", out, "-C", `x-${out}`, "--progress", "none");
    assert.equal(x.code, 0, x.stderr);
    assert.deepEqual(snapshot(`${scratch}/x-${out}/src`), snapshot(`${scratch}/src`));
  }
  const v = await tarz("--version");
  assert.match(v.stdout, /\d+\.\d+\.\d+/);
});
