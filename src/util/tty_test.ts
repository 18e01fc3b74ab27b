import assert from "node:assert/strict";
import { isKeysMode, keysMode, tty } from "./tty.ts";

/** A termios as a terminal starts: canonical, echoing, Ctrl-C (3) interrupts, VMIN 1. */
function sane(): Uint8Array {
  const m = new Uint8Array(64);
  const v = new DataView(m.buffer);
  v.setUint32(12, 0o2 | 0o10 | 0o1 | 0o100000, true); // ICANON ECHO ISIG IEXTEN
  m[17] = 3;
  m[17 + 6] = 1;
  return m;
}

Deno.test("keysMode turns Ctrl-C into a byte and keeps Ctrl-Z's signal", () => {
  const before = sane();
  const m = keysMode(before);
  const lflag = new DataView(m.buffer).getUint32(12, true);
  assert.equal(lflag & 0o2, 0, "not line by line");
  assert.equal(lflag & 0o10, 0, "not echoed");
  assert.equal(lflag & 0o1, 0o1, "ISIG stays: Ctrl-Z and Ctrl-\\\\ still signal");
  assert.equal(m[17], 0, "VINTR disabled");
  assert.equal(m[17 + 6], 0, "VMIN 0: a read never waits");
  assert.deepEqual(before, sane(), "the saved modes are not touched");
});

Deno.test("isKeysMode tells tarz's modes from a shell's", () => {
  assert.equal(isKeysMode(keysMode(sane())), true);
  assert.equal(isKeysMode(sane()), false);
});

Deno.test("tty is null when standard input is not a terminal", async () => {
  const url = new URL("./tty.ts", import.meta.url).href;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", `import { tty } from "${url}"; console.log(tty() === null)`],
    stdin: "null",
  }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "true");
  if (!Deno.stdin.isTerminal()) assert.equal(tty(), null);
});
