/**
 * The README's quickstart, run as written (bash, its alias included) from the checkout:
 * every command must succeed.
 */
import assert from "node:assert/strict";
import { has, run, tempDir } from "./_helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;

Deno.test({ name: "the README's quickstart runs as written", ignore: !has("npx") }, async () => {
  const readme = Deno.readTextFileSync(`${ROOT}README.md`);
  const block = readme.split("## 60-second quickstart")[1].match(/```sh\n([\s\S]*?)```/)![1];
  assert.match(block, /^alias tarz=/m);
  // each command on its own, so that the first to fail is the one named
  const script = `set -e\nshopt -s expand_aliases\n${
    block.split("\n").map((
      l,
    ) => (l.trim() ? `${l}\necho "ok: ${l.replaceAll('"', "'").split("#")[0].trim()}"` : l))
      .join("\n")
  }`;
  const r = await run(["bash", "-c", script], {
    cwd: ROOT,
    env: { XDG_CACHE_HOME: tempDir(), HOME: Deno.env.get("HOME") ?? "/root" },
  });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /ok: tarz explain/);
  // and it left nothing in the checkout
  const status = await run(["git", "status", "--porcelain", "--untracked-files=all"], {
    cwd: ROOT,
  });
  assert.doesNotMatch(status.stdout, /src\.tar\.zst|^\?\? out\//m);
});
