/**
 * What an interrupted or killed upload to S3 leaves: nothing under the key, and no
 * multipart upload (but after kill -9, which cannot abort). Each run is held mid-upload by
 * a compress program that writes more than one part, says "go" on a FIFO, then stalls.
 */
import assert from "node:assert/strict";
import { run, spawnCreate, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";
import { waitFor } from "./_tmux.ts";
import type { S3Store } from "../src/store/s3/s3_store.ts";

const ignore = s3 === null;
const env = s3?.env ?? {};
const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A tree, a FIFO, and the compress program that stalls after 9 MB (more than a part). */
function stalled(): { dir: string; fifo: string; program: string } {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  Deno.writeTextFileSync(`${dir}/src/a`, "a");
  const fifo = `${dir}/go`;
  new Deno.Command("mkfifo", { args: [fifo] }).outputSync();
  const program =
    `cat >/dev/null & head -c 9000000 /dev/urandom; echo go > ${fifo}; exec sleep 600`;
  return { dir, fifo, program };
}

/** Waits until the bucket has a multipart upload in progress (the event: part 1 is sent). */
async function uploadStarted(store: S3Store): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await store.pendingUploads("")).length) return;
    await new Promise((r) => setTimeout(r, 50)); // a poll of the server's state
  }
  throw new Error("no multipart upload started");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test({
    name: `${signal} mid-upload exits 130 and leaves no object and no multipart upload`,
    ignore,
    fn: async () => {
      const { name, store } = await newBucket(s3!);
      const { dir, fifo, program } = stalled();
      const child = spawnCreate(dir, `s3://${name}/a.tar.x`, program, env);
      assert.equal((await Deno.readTextFile(fifo)).trim(), "go");
      await uploadStarted(store);
      child.kill(signal);
      const out = await child.output();
      assert.equal(out.code, 130, new TextDecoder().decode(out.stderr));
      assert.deepEqual(await store.list(""), []);
      assert.deepEqual(await store.pendingUploads(""), []);
    },
  });
}

Deno.test({
  name: "kill -9 mid-upload leaves no object under the key",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const { dir, fifo, program } = stalled();
    const child = spawnCreate(dir, `s3://${name}/a.tar.x`, program, env);
    assert.equal((await Deno.readTextFile(fifo)).trim(), "go");
    await uploadStarted(store);
    child.kill("SIGKILL");
    await child.status;
    await child.stderr.cancel();
    assert.deepEqual(await store.list(""), []);
    for (const u of await store.pendingUploads("")) await store.abortUpload(u); // the next prune's work
  },
});

Deno.test({
  name: "Ctrl-C answered y in a terminal leaves no object and no multipart upload",
  ignore: ignore || !(await _has("tmux")),
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const { dir, fifo, program } = stalled();
    const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(" ");
    const cmd =
      `cd ${dir} && env ${vars} ${Deno.execPath()} run -A ${MAIN} create src -o s3://${name}/a.tar.x ` +
      `--use-compress-program "${program}"; echo EXIT=$?; sleep 600`;
    const s = `tarz-${crypto.randomUUID().slice(0, 8)}`;
    await run(["tmux", "new-session", "-d", "-s", s, "-x", "120", "-y", "30", "bash", "-c", cmd]);
    try {
      assert.equal((await Deno.readTextFile(fifo)).trim(), "go");
      await uploadStarted(store);
      await run(["tmux", "send-keys", "-t", s, "C-c"]);
      await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
      await run(["tmux", "send-keys", "-t", s, "y"]);
      await waitFor(s, /EXIT=130/, 60_000);
    } finally {
      await run(["tmux", "kill-session", "-t", s]);
    }
    assert.deepEqual(await store.list(""), []);
    assert.deepEqual(await store.pendingUploads(""), []);
  },
});

async function _has(program: string): Promise<boolean> {
  return (await run(["sh", "-c", `command -v ${program}`])).code === 0;
}
