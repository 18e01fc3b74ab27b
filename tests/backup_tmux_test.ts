/**
 * `tarz backup` on a real terminal (tmux): the same progress bars as create, one job at a
 * time, then each job's line.
 */
import assert from "node:assert/strict";
import { has, randomBytes, tempDir } from "./_helpers.ts";
import { inTmux, waitFor } from "./_tmux.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

Deno.test(
  { name: "backup shows progress bars on a terminal, job by job", ignore: !has("tmux") },
  async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/data`);
    // xz of random data: slow enough to be seen running
    Deno.writeFileSync(`${d}/data/big.bin`, randomBytes(32 << 20));
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { big: { sources: ["data"], output: "out/{job}.tar.xz" } } };`,
    );
    const command = `cd ${d} && ${Deno.execPath()} run -A ${MAIN} backup; echo EXIT=$?; sleep 60`;
    const screen = await inTmux(command, async (s) => {
      await waitFor(s, /Backing up big .*%/);
      return await waitFor(s, /EXIT=\d+/, 120_000);
    });
    assert.match(screen, /^big: success, 1 file,/m);
    assert.match(screen, /EXIT=0/);
    assert.doesNotMatch(screen, /Backing up big/, "the bars are cleared at the end");
  },
);
