import assert from "node:assert/strict";

// Reading keys from a real terminal, Ctrl-Z and fg included, is tested in
// tests/interrupt_tmux_test.ts; here, what happens without one.
Deno.test("TerminalKeys does not start without a terminal, and signals stay the way", async () => {
  const url = new URL("./terminal_keys.ts", import.meta.url).href;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { TerminalKeys } from "${url}"; console.log(TerminalKeys.start(() => {}))`,
    ],
    stdin: "null",
  }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "null");
});
