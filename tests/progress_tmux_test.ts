/**
 * The progress display in a real terminal (tmux): Rich's columns, lines that fit a narrow
 * terminal, and a cursor hidden while the bars are drawn and shown again on every exit.
 */
import assert from "node:assert/strict";
import { has, randomBytes, run, tempDir } from "./_helpers.ts";
import { cursorShown, inTmux, keys, waitFor } from "./_tmux.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const ok = has("tmux");

/** A directory with enough incompressible data for gzip -9 to take a few seconds. */
function slowTree(): string {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  for (let i = 0; i < 8; i++) Deno.writeFileSync(`${dir}/src/f${i}.bin`, randomBytes(12 << 20));
  return dir;
}

const create = (dir: string) =>
  `cd ${dir} && ${Deno.execPath()} run -A ${MAIN} create src -o out.tar.gz --level 9 --threads 1; echo EXIT=$?; sleep 60`;

Deno.test(
  { name: "the bars show files, speed, elapsed and ETA, and hide the cursor", ignore: !ok },
  async () => {
    const dir = slowTree();
    await inTmux(create(dir), async (s) => {
      const screen = await waitFor(
        s,
        /Archiving .* \d+\/8 files .*\/s \d:\d\d:\d\d ETA \d:\d\d:\d\d/,
      );
      assert.match(screen, /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Archiving/m);
      assert.equal(await cursorShown(s), false);
      await waitFor(s, /EXIT=0/, 120_000);
      assert.equal(await cursorShown(s), true, "shown again after the run");
    });
  },
);

Deno.test({
  name: "at 40 columns every line fits, and Ctrl-C y shows the cursor again",
  ignore: !ok,
}, async () => {
  const dir = slowTree();
  await inTmux(create(dir), async (s) => {
    const screen = await waitFor(s, /Archiving .*%.*ETA/);
    const lines = screen.split("\n").filter((l) => l.trim());
    assert.match(lines[0], /Archiving .*%.*ETA/, "the overall line did not wrap");
    assert.match(lines[1], /^ {2}[█░]+ +\d+% src\/f\d\.bin/);
    for (const l of lines) assert.ok(l.length <= 40, l);
    await keys(s, "C-c");
    await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
    await keys(s, "y");
    await waitFor(s, /EXIT=130/);
    assert.equal(await cursorShown(s), true);
  }, 40);
});

Deno.test({
  name: "a terminal made narrower mid-run keeps no half-lines of the old bars",
  ignore: !ok,
}, async () => {
  const dir = slowTree();
  // as in a shell, lines above the bars: when tmux reflows, it keeps the cursor's row and
  // moves the rows above into its history, where no escape sequence reaches
  await inTmux(`printf 'earlier output\\n%.0s' 1 2 3 4 5; ${create(dir)}`, async (s) => {
    await waitFor(s, /Archiving .*%.*ETA/);
    for (const columns of [60, 45]) {
      await run(["tmux", "resize-window", "-t", s, "-x", String(columns), "-y", "30"]);
      // the next frame is drawn at the new width: it fits, where the old one could not
      const fitted = new RegExp(`^(?=.{0,${columns}}$)(\\S )?Archiving .*ETA`, "m");
      await waitFor(s, fitted);
      // the history too: tmux moves rows that no longer fit on the screen into it
      const all = (await run(["tmux", "capture-pane", "-p", "-S", "-100", "-t", s])).stdout;
      const lines = all.split("\n").filter((l) => l.trim() && l !== "earlier output");
      assert.equal(lines.length, 2, `only the two bars:\n${all}`);
      assert.match(lines[0], /Archiving/);
      assert.match(lines[1], /^ {2}[█░]+ +\d+% src\/f\d\.bin/);
    }
  });
});

Deno.test({
  name: "a terminal made narrower while the Ctrl-C question waits keeps the question and answer",
  ignore: !ok,
}, async () => {
  const dir = slowTree();
  await inTmux(`printf 'earlier output\\n%.0s' 1 2 3 4 5; ${create(dir)}`, async (s) => {
    await waitFor(s, /Archiving .*%.*ETA/);
    await keys(s, "C-c");
    await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
    await run(["tmux", "resize-window", "-t", s, "-x", "60", "-y", "30"]);
    await keys(s, "n");
    // the bars come back at the new width, below the answered question
    await waitFor(s, /^(?=.{0,60}$)(\S )?Archiving .*ETA/m);
    const all = (await run(["tmux", "capture-pane", "-p", "-S", "-100", "-t", s])).stdout;
    assert.match(all, /Interrupt archiving\? \(y\/N\) no/, all);
    assert.equal(all.match(/earlier output/g)?.length, 5, all);
  });
});
