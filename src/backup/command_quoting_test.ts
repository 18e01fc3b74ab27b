import assert from "node:assert/strict";
import { cronCommand, shellQuote, systemdCommand } from "./command_quoting.ts";

const hostile = [
  "/usr/bin/tarz",
  "backup",
  "home",
  "--config",
  "/srv/evil dir;touch /tmp/PWNED;#/t.ts",
];

Deno.test("shellQuote makes each hostile path one argument, as sh reads it back", async () => {
  const words = [
    "My Backups",
    "evil dir;touch /tmp/PWNED;#",
    "it's",
    "$(id)",
    "`id`",
    "a\\b",
    "%x",
  ];
  const line = `printf '%s\\n' ${words.map(shellQuote).join(" ")}`;
  const out = await new Deno.Command("sh", { args: ["-c", line] }).output();
  assert.equal(new TextDecoder().decode(out.stdout), words.join("\n") + "\n");
});

Deno.test("cronCommand quotes for sh and escapes cron's %", () => {
  assert.equal(
    cronCommand([...hostile, "100%"]),
    "/usr/bin/tarz backup home --config '/srv/evil dir;touch /tmp/PWNED;#/t.ts' 100\\%",
  );
  assert.throws(() => cronCommand(["a\n* * * * * rm -rf ~"]), /line break/);
});

Deno.test("systemdCommand quotes per systemd.service and doubles % and $", () => {
  assert.equal(
    systemdCommand([...hostile, "$HOME", '%h"x']),
    '/usr/bin/tarz backup home --config "/srv/evil dir;touch /tmp/PWNED;#/t.ts" "$$HOME" "%%h\\"x"',
  );
});
