/**
 * bin/tarz, the launcher the README documents: it finds npm's Deno once and execs it, so a
 * Ctrl-C answered "no" leaves a shell's `&&` chain going (under `npx ... task`, npm itself
 * dies of the SIGINT and the shell sees 130). Tested in a real terminal.
 */
import assert from "node:assert/strict";
import { has, randomBytes, run, tempDir } from "./_helpers.ts";
import { inTmux, keys, waitFor } from "./_tmux.ts";

const LAUNCHER = new URL("../bin/tarz", import.meta.url).pathname;
const ok = has("tmux") && has("npx");

Deno.test({
  name: "bin/tarz runs from any directory and remembers where Deno is",
  ignore: !has("npx"),
}, async () => {
  const cache = tempDir();
  const away = tempDir();
  Deno.writeTextFileSync(`${away}/a.txt`, "hi");
  for (let i = 0; i < 2; i++) {
    const r = await run([LAUNCHER, "create", "a.txt", "-o", `a${i}.tar`], {
      cwd: away,
      env: { XDG_CACHE_HOME: cache },
    });
    assert.equal(r.code, 0, r.stderr);
  }
  assert.ok(Deno.statSync(`${away}/a1.tar`).isFile, "paths are the caller's, not the checkout's");
  const deno = Deno.readTextFileSync(`${cache}/tarz/deno-2.9.6.path`).trim();
  assert.ok(Deno.statSync(deno).isFile);
});

Deno.test(
  { name: "through bin/tarz, Ctrl-C then n lets the && chain go on", ignore: !ok },
  async () => {
    const dir = tempDir();
    for (let i = 0; i < 8; i++) Deno.writeFileSync(`${dir}/f${i}.bin`, randomBytes(12 << 20));
    const cmd = `cd ${dir} && ${LAUNCHER} create . -o ../out-${crypto.randomUUID()}.tar.gz ` +
      `--level 9 --threads 1 && echo CHAIN-OK; echo EXIT=$?; sleep 60`;
    await inTmux(cmd, async (s) => {
      await waitFor(s, /Archiving .* (\d|[1-3]\d)%/);
      await keys(s, "C-c");
      await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
      await keys(s, "n");
      const screen = await waitFor(s, /EXIT=\d+/, 120_000);
      assert.match(screen, /CHAIN-OK\nEXIT=0/);
    });
  },
);
