import assert from "node:assert/strict";
import { looksTemporary, stableCommand } from "./stable_command.ts";

const main = new URL("file:///srv/tarz/main.ts");

Deno.test("looksTemporary names npm's caches and /tmp", () => {
  assert.ok(looksTemporary("/root/.npm/_npx/7a40/node_modules/deno/deno"));
  assert.ok(looksTemporary("/tmp/x/main.ts"));
  assert.ok(!looksTemporary("/usr/local/bin/deno"));
});

Deno.test("stableCommand runs a compiled tarz as itself", () => {
  assert.deepEqual(stableCommand("/usr/local/bin/tarz", main), { argv: ["/usr/local/bin/tarz"] });
});

Deno.test("stableCommand prefers an installed tarz, else names a deno in npx's cache", () => {
  const npxDeno = "/root/.npm/_npx/7a40/node_modules/deno/deno";
  const old = Deno.env.get("PATH");
  const bin = Deno.makeTempDirSync({ dir: Deno.env.get("HOME") }); // not under /tmp
  try {
    Deno.env.set("PATH", "/nonexistent");
    const bare = stableCommand(npxDeno, main);
    assert.deepEqual(bare.argv, [npxDeno, "run", "-A", "/srv/tarz/main.ts"]);
    assert.equal(bare.temporary, npxDeno);
    Deno.writeTextFileSync(`${bin}/tarz`, "#!/bin/sh\n", { mode: 0o755 });
    Deno.chmodSync(`${bin}/tarz`, 0o755);
    Deno.env.set("PATH", bin);
    assert.deepEqual(stableCommand(npxDeno, main), { argv: [`${bin}/tarz`] });
  } finally {
    Deno.env.set("PATH", old ?? "");
    Deno.removeSync(bin, { recursive: true });
  }
});
