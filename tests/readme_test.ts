/**
 * The README's quickstart, run as written (bash, its alias included) from the checkout:
 * every command must succeed.
 */
import assert from "node:assert/strict";
import { has, run, tempDir } from "./_helpers.ts";
import { s3 } from "./_s3.ts";
import { S3Client } from "../src/store/s3/s3_client.ts";
import { S3Store } from "../src/store/s3/s3_store.ts";

const ROOT = new URL("..", import.meta.url).pathname;

Deno.test({ name: "the README's quickstart runs as written", ignore: !has("npx") }, async () => {
  const readme = Deno.readTextFileSync(`${ROOT}README.md`);
  const block = readme.split("## 60-second quickstart")[1].match(/```sh\n([\s\S]*?)```/)![1];
  assert.match(block, /^alias tarz=/m);
  // the S3 line runs against the test server, in a bucket named as written; without one, it is left out
  const bucket = /s3:\/\/([a-z0-9.-]+)\/(\S+)/.exec(block);
  if (bucket && s3) {
    const client = new S3Client(s3.config);
    await (await client.send({ method: "PUT", bucket: bucket[1], accept: [409] })).body?.cancel();
    await new S3Store(bucket[1], {}, client).remove(bucket[2]);
  }
  const lines = block.split("\n").filter((l) => s3 || !l.includes("s3://"));
  // each command on its own, so that the first to fail is the one named
  const script = `set -e\nshopt -s expand_aliases\n${
    lines.map((
      l,
    ) => (l.trim() ? `${l}\necho "ok: ${l.replaceAll('"', "'").split("#")[0].trim()}"` : l))
      .join("\n")
  }`;
  const r = await run(["bash", "-c", script], {
    cwd: ROOT,
    env: { XDG_CACHE_HOME: tempDir(), HOME: Deno.env.get("HOME") ?? "/root", ...s3?.env },
  });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /ok: tarz explain/);
  // and it left nothing in the checkout
  const status = await run(["git", "status", "--porcelain", "--untracked-files=all"], {
    cwd: ROOT,
  });
  assert.doesNotMatch(status.stdout, /src\.tar\.zst|^\?\? out\//m);
});
