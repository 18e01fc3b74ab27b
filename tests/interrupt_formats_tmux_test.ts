/**
 * Ctrl-C in a real terminal (tmux) with every output format, including those compressed by
 * an external program (xz, bzip2, --use-compress-program): the program must not die of the
 * terminal's Ctrl-C, so "n" resumes losing nothing and "y" stops cleanly.
 */
import assert from "node:assert/strict";
import { has, randomBytes, run, tempDir } from "./_helpers.ts";
import { inTmux, keys, waitFor } from "./_tmux.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const ok = has("tmux");

/** A directory with 24 MiB of random data in big.bin. */
function bigFile(): string {
  const dir = tempDir();
  Deno.writeFileSync(`${dir}/big.bin`, randomBytes(24 << 20));
  return dir;
}

// the output goes through a pipe whose reader ignores Ctrl-C and starts reading only after
// a few seconds, so every format is still running when the key is pressed
const formats: [string, string[]][] = [
  ["tar", ["--format", "tar"]],
  ["gzip", ["--format", "gzip"]],
  ["zstd", ["--format", "zstd"]],
  ["brotli", ["--format", "brotli"]],
  ["xz", ["--format", "xz"]],
  ["bzip2", ["--format", "bzip2"]],
  ["--use-compress-program", ["--use-compress-program", "'gzip -1'"]],
];

function command(dir: string, args: string[]): string {
  const tarz = `${Deno.execPath()} run -A ${MAIN} create big.bin -o - ${args.join(" ")}`;
  return `cd ${dir} && ${tarz} | (trap '' INT; sleep 4; cat > out); ` +
    `echo EXIT=\${PIPESTATUS[0]}; sleep 60`;
}

for (const [name, args] of formats) {
  Deno.test(
    { name: `Ctrl-C then n with ${name} resumes and loses nothing`, ignore: !ok },
    async () => {
      const dir = bigFile();
      const screen = await inTmux(command(dir, args), async (s) => {
        await waitFor(s, /Archiving .*%/);
        await keys(s, "C-c");
        await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
        await keys(s, "n");
        return await waitFor(s, /EXIT=\d+/, 120_000);
      });
      assert.match(screen, /EXIT=0/, screen);
      assert.doesNotMatch(screen, /Broken pipe|bug in tarz/);
      const back = await run([Deno.execPath(), "run", "-A", MAIN, "extract", "out", "-C", "x"], {
        cwd: dir,
      });
      assert.equal(back.code, 0, back.stderr);
      const same = await run(["cmp", "big.bin", "x/big.bin"], { cwd: dir });
      assert.equal(same.code, 0, "not a byte lost or duplicated");
    },
  );
}

for (const format of ["xz", "bzip2"]) {
  Deno.test({
    name: `Ctrl-C then y with ${format} stops with 130 and no partial file`,
    ignore: !ok,
  }, async () => {
    const dir = bigFile();
    const tarz = `${Deno.execPath()} run -A ${MAIN} create big.bin -o out.tar.${
      format === "xz" ? "xz" : "bz2"
    }`;
    const screen = await inTmux(`cd ${dir} && ${tarz}; echo EXIT=$?; sleep 60`, async (s) => {
      await waitFor(s, /Archiving .*%/);
      await keys(s, "C-c");
      await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
      await keys(s, "y");
      return await waitFor(s, /EXIT=\d+/, 60_000);
    });
    assert.match(screen, /EXIT=130/, screen);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["big.bin"]);
  });
}
