/**
 * rclone destinations end to end, with the system rclone: a `local` remote, and an `s3`
 * remote on the test Ceph RGW. Round trips, an existing name, retention, a seekable read
 * through `rclone cat --offset --count`, and the one-line errors for a missing rclone and an
 * unknown remote.
 */
import assert from "node:assert/strict";
import { has, makeTree, snapshot, tarz, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";

const ignore = !has("rclone");
/** A local remote named "loc", defined in the environment as rclone allows. */
const LOCAL = { RCLONE_CONFIG: "/dev/null", RCLONE_CONFIG_LOC_TYPE: "local", AWS_CA_BUNDLE: "" };

Deno.test({
  name: "an archive goes through an rclone remote and back, and its name is never overwritten",
  ignore,
  fn: async () => {
    const d = tempDir();
    makeTree(`${d}/src`);
    Deno.mkdirSync(`${d}/remote`);
    const url = `rclone:loc:${d}/remote/src.tar.zst`;
    const made = await tarz(["create", "src", "-o", url], { cwd: d, env: LOCAL });
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)].map((e) => e.name), ["src.tar.zst"]);
    const got = await tarz(["extract", url, "-C", `${d}/x`], { env: LOCAL });
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(snapshot(`${d}/x/src`), snapshot(`${d}/src`));
    const again = await tarz(["create", "src", "-o", url], { cwd: d, env: LOCAL });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /it already exists\nhint: pass --force to overwrite it\n$/);
  },
});

Deno.test({
  name: "a job on an rclone remote keeps two archives with keepLast 2, and reads one file alone",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/data/sub`, { recursive: true });
    Deno.writeFileSync(
      `${d}/data/big.bin`,
      crypto.getRandomValues(new Uint8Array(65536)).map((_, i) => i * 7),
    );
    Deno.writeTextFileSync(`${d}/data/sub/one.txt`, "one\n");
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { j: { sources: ["data"], output: "rclone:loc:${d}/remote/{job}-{date}.tar.zst", retention: { keepLast: 2 } } } };`,
    );
    for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"]) {
      const r = await tarz(["backup"], { cwd: d, env: { ...LOCAL, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)].map((e) => e.name).sort(), [
      "j-2026-01-02.tar.zst",
      "j-2026-01-02.tar.zst.manifest.json",
      "j-2026-01-03.tar.zst",
      "j-2026-01-03.tar.zst.manifest.json",
    ]);
    const r = await tarz(
      [
        "extract",
        `rclone:loc:${d}/remote/j-2026-01-03.tar.zst`,
        "data/sub/one.txt",
        "-C",
        `${d}/x`,
        "--json",
      ],
      { env: LOCAL },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).seekable, true);
    assert.equal(Deno.readTextFileSync(`${d}/x/data/sub/one.txt`), "one\n");
  },
});

Deno.test({
  name: "an rclone s3 remote on the test server round-trips and prunes",
  ignore: ignore || s3 === null,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const env = {
      ...LOCAL,
      RCLONE_CONFIG_RGW_TYPE: "s3",
      RCLONE_CONFIG_RGW_PROVIDER: "Ceph",
      RCLONE_CONFIG_RGW_ACCESS_KEY_ID: s3!.env.AWS_ACCESS_KEY_ID,
      RCLONE_CONFIG_RGW_SECRET_ACCESS_KEY: s3!.env.AWS_SECRET_ACCESS_KEY,
      RCLONE_CONFIG_RGW_ENDPOINT: s3!.env.AWS_ENDPOINT_URL,
    };
    const d = tempDir();
    makeTree(`${d}/src`);
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { j: { sources: ["src"], output: "rclone:rgw:${name}/n/{job}-{date}.tar.gz", retention: { keepLast: 1 } } } };`,
    );
    for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z"]) {
      const r = await tarz(["backup"], { cwd: d, env: { ...env, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual((await store.list("")).map((o) => o.key), [
      "n/j-2026-01-02.tar.gz",
      "n/j-2026-01-02.tar.gz.manifest.json",
    ]);
    const got = await tarz(
      ["extract", `rclone:rgw:${name}/n/j-2026-01-02.tar.gz`, "-C", `${d}/x`],
      { env },
    );
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(snapshot(`${d}/x/src`), snapshot(`${d}/src`));
  },
});

Deno.test({
  name: "a missing rclone and an unknown remote each get one line and a hint",
  ignore,
  fn: async () => {
    const missing = await tarz(["list", "rclone:loc:/x.tar"], {
      env: { ...LOCAL, TARZ_RCLONE: "/nonexistent/rclone" },
    });
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      "tarz: error: Cannot run /nonexistent/rclone: it is not installed (or not on PATH)\n" +
        "hint: install rclone (apt install rclone, or https://rclone.org/install/)\n",
    );
    const unknown = await tarz(["list", "rclone:nope:/x.tar"], { env: LOCAL });
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^tarz: error: rclone failed on rclone:nope:\/x\.tar: .*didn't find section in config file\nhint: no such rclone remote: run rclone config, or check RCLONE_CONFIG\n$/,
    );
  },
});
