import assert from "node:assert/strict";
import { createArchive } from "../src/create/create_archive.ts";
import { HookRunner, PluginError } from "../src/plugin/hook_runner.ts";
import { listArchive } from "../src/read/list_archive.ts";
import { command } from "./command.ts";

Deno.test("command() runs before (into the sources) and after, with the run in env", async () => {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src`);
  await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    job: "db",
    plugins: new HookRunner([
      command({
        before: 'echo "dump of $TARZ_JOB" > src/dump.sql',
        after: 'echo "$TARZ_FILES $(basename "$TARZ_OUTPUT")" > after.txt',
      }),
    ], () => {}),
  });
  const names: string[] = [];
  await listArchive(`${d}/out.tar`, { onEntry: (e) => names.push(e.path) });
  assert.deepEqual(names, ["src", "src/dump.sql"]);
  assert.equal(Deno.readTextFileSync(`${d}/src/dump.sql`), "dump of db\n");
  assert.equal(Deno.readTextFileSync(`${d}/after.txt`), "1 out.tar\n");
});

Deno.test("command() failing before stops the run, runs onError and writes nothing", async () => {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src`);
  await assert.rejects(
    createArchive({
      sources: ["src"],
      cwd: d,
      output: `${d}/out.tar`,
      plugins: new HookRunner([
        command({
          before: "echo 'pg_dump: connection refused' >&2; exit 4",
          onError: 'echo "$TARZ_ERROR" > error.txt',
        }),
      ], () => {}),
    }),
    (e) =>
      e instanceof PluginError &&
      e.message ===
        'plugin "command" failed in beforeRun: before command exited with 4: pg_dump: connection refused',
  );
  assert.deepEqual([...Deno.readDirSync(d)].map((e) => e.name).sort(), ["error.txt", "src"]);
  assert.match(Deno.readTextFileSync(`${d}/error.txt`), /exited with 4/);
});
