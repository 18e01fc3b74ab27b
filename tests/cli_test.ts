/**
 * The CLI as a whole: help with examples for every command, --version, NO_COLOR, and shell
 * completions (bash completion tested for real, through bash-completion).
 */
import assert from "node:assert/strict";
import { has, randomBytes, run, tarz, tempDir } from "./_helpers.ts";
import { VERSION } from "../src/version.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const COMMANDS = [
  "create",
  "list",
  "extract",
  "verify",
  "explain",
  "init",
  "completions",
  "backup",
  "prune",
  "daemon",
  "schedule list",
  "schedule install",
];

Deno.test("every command's help has examples", async () => {
  for (const c of COMMANDS) {
    const r = await tarz([...c.split(" "), "--help"]);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, /\nExamples:\n {2}tarz /, `${c} --help has examples`);
  }
});

Deno.test("--version prints the version from deno.json", async () => {
  const r = await tarz(["--version"]);
  assert.equal(r.stdout.trim(), VERSION);
  const json = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  assert.equal(VERSION, json.version);
});

Deno.test("errors carry no colour codes with NO_COLOR or --no-color", async () => {
  const a = await tarz(["list", "/nonexistent.tar"]);
  const b = await tarz(["--no-color", "list", "/nonexistent.tar"], { env: { NO_COLOR: "" } });
  for (const r of [a, b]) {
    assert.equal(r.code, 2);
    assert.ok(!r.stderr.includes("\x1b["), "no escape codes");
  }
});

const BASH_COMPLETION = "/usr/share/bash-completion/bash_completion";

Deno.test({
  name: "bash completion completes commands, options and option values",
  ignore: !has("bash") || !(() => {
    try {
      return Deno.statSync(BASH_COMPLETION).isFile;
    } catch {
      return false;
    }
  })(),
  fn: async () => {
    const bin = tempDir();
    Deno.writeTextFileSync(
      `${bin}/tarz`,
      `#!/bin/sh\nexec "${Deno.execPath()}" run -A "${MAIN}" "$@"\n`,
      { mode: 0o755 },
    );
    const complete = async (line: string) => {
      const script = `source ${BASH_COMPLETION}
source <(tarz completions bash)
source <(tarz completions bash) # twice, as a user's rc may: nothing is readonly
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
__tarz_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = await run(["bash", "-c", script], {
        env: { PATH: `${bin}:${Deno.env.get("PATH")}` },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      return r.stdout.trim().split("\n");
    };
    assert.deepEqual(await complete("tarz cre"), ["create"]);
    assert.ok((await complete("tarz create --for")).includes("--format"));
    assert.deepEqual((await complete("tarz create --format z")).sort(), ["zstd"]);
    assert.ok((await complete("tarz extract --overwrite ")).includes("newer"));
  },
});

Deno.test("a reader that closes the pipe early ends tarz quietly with 141, as tar", async () => {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  // more than a pipe holds, whatever the compression
  for (let i = 0; i < 3000; i++) Deno.writeFileSync(`${dir}/src/f${i}`, randomBytes(100));
  const made = await tarz(["create", "src", "-o", "a.tar"], { cwd: dir });
  assert.equal(made.code, 0, made.stderr);
  const t = `${Deno.execPath()} run -A ${MAIN}`;
  for (
    const cmd of [
      `${t} list a.tar`,
      `${t} list -v a.tar`,
      `${t} list --json a.tar`,
      `${t} create src -o - --format zstd --progress none`,
      `${t} extract -O a.tar`,
    ]
  ) {
    const r = await run(["sh", "-c", `(${cmd} 2>err; echo $? > code) | head -c 10 > /dev/null`], {
      cwd: dir,
    });
    assert.equal(r.code, 0);
    const code = Deno.readTextFileSync(`${dir}/code`).trim();
    const err = Deno.readTextFileSync(`${dir}/err`);
    assert.equal(code, "141", `${cmd}: ${err}`);
    assert.equal(err, "", cmd);
  }
});
