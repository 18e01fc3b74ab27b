import assert from "node:assert/strict";
import { completionScript } from "./completion_script.ts";
import type { CommandSpec } from "./completion_spec.ts";

const specs: CommandSpec[] = [
  {
    names: ["extract", "x"],
    description: "extract",
    args: "archive",
    options: [
      { flags: ["--overwrite"], value: "choice", choices: ["never", "always"] },
      { flags: ["-C", "--directory"], value: "dir" },
    ],
  },
  { names: ["backup"], description: "run jobs", args: "job", options: [] },
];

Deno.test("the bash script holds commands, choices and archive endings, and nothing readonly", () => {
  const s = completionScript("bash", specs, [".tar", ".tgz"]);
  assert.match(s, /compgen -W "extract x backup --help --version"/);
  assert.match(s, /extract:--overwrite\) COMPREPLY=\(\$\(compgen -W "never always"/);
  assert.match(s, /case \$f in \*\.tar\|\*\.tar\.age\|\*\.tgz\|\*\.tgz\.age\)/);
  assert.match(s, /complete -F __tarz_complete tarz/);
  assert.doesNotMatch(s, /readonly/);
});

Deno.test("the zsh script runs the bash one through bashcompinit; fish has its own", () => {
  assert.match(
    completionScript("zsh", specs, [".tar"]),
    /^#compdef tarz\n.*\nautoload -U \+X bashcompinit/,
  );
  const fish = completionScript("fish", specs, [".tar"]);
  assert.match(
    fish,
    /complete -c tarz -n '__fish_seen_subcommand_from extract x' -l overwrite -x -a 'never always'/,
  );
  assert.match(
    fish,
    /complete -c tarz -n '__fish_seen_subcommand_from backup' -f -a '\(__tarz_jobs\)'/,
  );
});
