/**
 * Shell completion for real: bash, zsh and fish run interactively in tmux with the script
 * tarz prints, and TAB is pressed. Archive names, paths and job names complete; a TAB
 * starts no tarz, except once to learn a config's jobs (a wrapper counts the starts).
 */
import assert from "node:assert/strict";
import { has, run, tempDir } from "./_helpers.ts";
import { inTmux, keys, screen, waitFor } from "./_tmux.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const BASH_COMPLETION = "/usr/share/bash-completion/bash_completion";

/** A directory to complete in, and a `tarz` on PATH that logs each start. */
async function setup(
  shell: string,
): Promise<{ dir: string; bin: string; log: string; script: string }> {
  const dir = tempDir();
  const bin = tempDir();
  const log = `${bin}/starts.log`;
  Deno.writeTextFileSync(
    `${bin}/tarz`,
    `#!/bin/sh\necho "$*" >> ${log}\nexec "${Deno.execPath()}" run -A "${MAIN}" "$@"\n`,
    { mode: 0o755 },
  );
  for (const f of ["good.tar.gz", "notes.txt", "small-file.txt"]) {
    Deno.writeTextFileSync(`${dir}/${f}`, "");
  }
  Deno.writeTextFileSync(
    `${dir}/tarz.config.ts`,
    `export default { jobs: { nightly: { sources: ["."], output: "../n-{date}T{time}.tar" } } };`,
  );
  const r = await run([Deno.execPath(), "run", "-A", MAIN, "completions", shell]);
  assert.equal(r.code, 0, r.stderr);
  const script = `${bin}/completion.${shell}`;
  Deno.writeTextFileSync(script, r.stdout);
  return { dir, bin, log, script };
}

function starts(log: string): string[] {
  try {
    return Deno.readTextFileSync(log).trim().split("\n").filter((l) => l);
  } catch {
    return [];
  }
}

const SHELLS: [string, (s: Awaited<ReturnType<typeof setup>>) => string[], boolean][] = [
  [
    "bash",
    (s) => {
      Deno.writeTextFileSync(
        `${s.bin}/rc`,
        `PS1='$ '\nsource ${BASH_COMPLETION}\nsource ${s.script}\n`,
      );
      return ["bash", "--rcfile", `${s.bin}/rc`, "-i"];
    },
    has("bash") && (() => {
      try {
        return Deno.statSync(BASH_COMPLETION).isFile;
      } catch {
        return false;
      }
    })(),
  ],
  ["zsh", (s) => {
    Deno.writeTextFileSync(
      `${s.bin}/.zshrc`,
      `PS1='$ '\nautoload -U compinit && compinit -u\nsource ${s.script}\n`,
    );
    return ["env", `ZDOTDIR=${s.bin}`, "zsh", "-i"];
  }, has("zsh")],
  [
    "fish",
    (
      s,
    ) => [
      "fish",
      "--no-config",
      "-i",
      "-C",
      `function fish_prompt; echo '$ '; end; source ${s.script}`,
    ],
    has("fish"),
  ],
];

for (const [shell, argv, available] of SHELLS) {
  Deno.test({
    name: `${shell} completes archives, paths and job names without starting tarz per TAB`,
    ignore: !has("tmux") || !available,
  }, async () => {
    const s = await setup(shell);
    const cmd = argv(s).map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const env = `PATH=${s.bin}:${Deno.env.get("PATH")} HOME=${s.bin} XDG_CACHE_HOME=${s.bin}/cache`;
    await inTmux(`cd ${s.dir} && exec env ${env} ${cmd}`, async (session) => {
      try {
        await waitFor(session, /^\$/m);
        const tab = async (typed: string, want: RegExp) => {
          await keys(session, "-l", typed);
          await keys(session, "Tab");
          // the job names start tarz once: under a full parallel test run, that takes a while
          const got = await waitFor(session, want, 60_000);
          await keys(session, "C-u"); // clear the line for the next one
          if (shell === "fish") await keys(session, "C-c");
          return got;
        };
        await tab("tarz extract go", /tarz extract good\.tar\.gz/);
        await tab("tarz list g", /tarz list good\.tar\.gz/);
        await tab("tarz create sm", /tarz create small-file\.txt/);
        assert.deepEqual(starts(s.log), [], "no tarz started for these");
        await tab("tarz backup ni", /tarz backup nightly/);
        await tab("tarz create --job ni", /tarz create --job nightly/);
        assert.deepEqual(starts(s.log).length, 1, `only one start, for the jobs: ${starts(s.log)}`);
        await tab("tarz create --form", /tarz create --format/);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${await screen(session)}`);
      }
    }, 150);
  });
}
