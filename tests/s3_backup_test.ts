/**
 * Backup jobs whose output is in S3 (Ceph RGW, see tests/_s3.ts): retention on the remote
 * listing, incrementals restored at each point (also without the local state, as another
 * machine would), verify --job, and the stale uploads killed runs leave, which prune aborts.
 */
import assert from "node:assert/strict";
import { snapshot, tarz, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";

const ignore = s3 === null;
const env = s3?.env ?? {};

function config(bucket: string, extra = ""): string {
  return `export default { jobs: { docs: {
  sources: ["docs"],
  output: "s3://${bucket}/nightly/{job}-{date}T{time}.tar.zst",
  retention: { keepLast: 2 },
  ${extra}
} } };`;
}

function sources(d: string): string {
  const src = `${d}/docs`;
  Deno.mkdirSync(`${src}/sub`, { recursive: true });
  Deno.writeTextFileSync(`${src}/a.txt`, "a\n");
  Deno.writeTextFileSync(`${src}/sub/b.txt`, "b\n");
  return src;
}

Deno.test({
  name: "a job with keepLast 2 run three times leaves two archives and their manifests in S3",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    Deno.writeTextFileSync(`${d}/tarz.config.ts`, config(name));
    sources(d);
    for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"]) {
      const r = await tarz(["backup", "--json"], { cwd: d, env: { ...env, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
      const job = JSON.parse(r.stdout).jobs[0];
      assert.match(job.archive, new RegExp(`^s3://${name}/nightly/docs-`));
    }
    assert.deepEqual((await store.list("")).map((o) => o.key), [
      "nightly/docs-2026-01-02T030000.tar.zst",
      "nightly/docs-2026-01-02T030000.tar.zst.manifest.json",
      "nightly/docs-2026-01-03T030000.tar.zst",
      "nightly/docs-2026-01-03T030000.tar.zst.manifest.json",
    ]);
    const status = Deno.readTextFileSync(`${d}/.tarz-state/docs.status.json`);
    assert.ok(!status.includes(env.AWS_SECRET_ACCESS_KEY), "no secret in the status file");
    const verified = await tarz(["verify", "--job", "docs"], { cwd: d, env });
    assert.equal(verified.code, 0, verified.stderr + verified.stdout);
  },
});

Deno.test({
  name: "incrementals in S3 restore at each point, also without the local state directory",
  ignore,
  fn: async () => {
    const { name } = await newBucket(s3!);
    const d = tempDir();
    Deno.writeTextFileSync(`${d}/tarz.config.ts`, config(name, "incremental: { fullEvery: 5 },"));
    const src = sources(d);
    const states: { at: string; tree: string[] }[] = [];
    const backup = async (at: string, kind: string) => {
      const r = await tarz(["backup", "--json"], { cwd: d, env: { ...env, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).jobs[0].kind, kind);
      states.push({ at, tree: snapshot(src) });
    };
    await backup("2026-01-01T03:00:00Z", "full");
    Deno.writeTextFileSync(`${src}/a.txt`, "a, changed\n");
    Deno.utimeSync(
      `${src}/a.txt`,
      new Date("2026-01-01T12:00:00Z"),
      new Date("2026-01-01T12:00:00Z"),
    );
    Deno.removeSync(`${src}/sub`, { recursive: true });
    await backup("2026-01-02T03:00:00Z", "incremental");
    Deno.writeTextFileSync(`${src}/c.txt`, "c\n");
    await backup("2026-01-02T04:00:00Z", "incremental");
    Deno.removeSync(`${d}/.tarz-state`, { recursive: true }); // another machine has none
    for (const [i, state] of states.entries()) {
      const out = `${d}/restore-${i}`;
      const r = await tarz(["restore", "docs", "-C", out, "--at", state.at], { cwd: d, env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(snapshot(`${out}/docs`), state.tree, `restore at ${state.at}`);
    }
  },
});

Deno.test({
  name:
    "prune aborts the job's uploads that a killed run left over a day ago; --dry-run lists them",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    Deno.writeTextFileSync(`${d}/tarz.config.ts`, config(name));
    sources(d);
    // what a run killed mid-upload leaves: a multipart upload never completed nor aborted
    for (const key of ["nightly/docs-2026-01-01T030000.tar.zst", "nightly/other-job.tar.zst"]) {
      const upload = await store.create(key);
      await upload.writeAll((async function* () {
        yield new Uint8Array(9 << 20);
      })());
    }
    assert.equal((await store.pendingUploads("")).length, 2);
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const young = await tarz(["prune", "--dry-run"], { cwd: d, env });
    assert.equal(young.code, 0, young.stderr);
    assert.doesNotMatch(young.stdout, /abort/, "an upload of today may still be running");
    const dry = await tarz(["prune", "--dry-run"], { cwd: d, env: { ...env, TARZ_NOW: later } });
    assert.match(
      dry.stdout,
      new RegExp(
        `^docs  s3://${name}/nightly/docs-2026-01-01T030000\\.tar\\.zst  abort: a multipart upload begun .* and never completed$`,
        "m",
      ),
    );
    assert.equal((await store.pendingUploads("")).length, 2);
    const real = await tarz(["prune"], { cwd: d, env: { ...env, TARZ_NOW: later } });
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /docs-2026-01-01T030000\.tar\.zst {2}aborted: /);
    assert.deepEqual((await store.pendingUploads("")).map((u) => u.key), [
      "nightly/other-job.tar.zst",
    ]);
  },
});
