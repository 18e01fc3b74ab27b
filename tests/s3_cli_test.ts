/**
 * S3 end to end, against a real server (Ceph RGW, see tests/_s3.ts): every format up and
 * back, read by GNU tar; multipart uploads; an existing key; wrong keys, a missing bucket,
 * no credentials; and what an interrupted or killed upload leaves (nothing).
 */
import assert from "node:assert/strict";
import { generateIdentity, identityToRecipient } from "age-encryption";
import { makeTree, randomBytes, run, snapshot, tarz, tempDir } from "./_helpers.ts";
import { download, newBucket, s3 } from "./_s3.ts";

const ignore = s3 === null;
const env = s3?.env ?? {};

Deno.test({
  name: "every format goes up to S3 and back: GNU tar reads the object, list and extract match",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    makeTree(`${d}/src`);
    const want = snapshot(`${d}/src`);
    const tarFlag: Record<string, string> = {
      "tar": "",
      "tar.gz": "-z",
      "tar.zst": "--zstd",
      "tar.xz": "-J",
      "tar.bz2": "-j",
      "tar.br": "",
    };
    for (const ext of Object.keys(tarFlag)) {
      const url = `s3://${name}/nightly/src.${ext}`;
      const made = await tarz(["create", "src", "-o", url], { cwd: d, env });
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stderr, new RegExp(`Created ${url.replaceAll(".", "\\.")}: `));
      assert.match(made.stderr, /uploaded at .*\/s/);
      const listed = await tarz(["list", url], { env });
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(listed.stdout.split("\n").includes("src/hello.txt"), listed.stdout);
      const out = `${d}/x-${ext}`;
      const got = await tarz(["extract", url, "-C", out], { env });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(snapshot(`${out}/src`), want, ext);
      if (ext === "tar.br") continue; // GNU tar has no brotli
      Deno.writeFileSync(`${d}/dl.${ext}`, await download(store, `nightly/src.${ext}`));
      const gnu = `${d}/gnu-${ext}`;
      Deno.mkdirSync(gnu);
      const flags = tarFlag[ext] ? [tarFlag[ext]] : [];
      const r = await run(["tar", ...flags, "-xf", `${d}/dl.${ext}`, "-C", gnu]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(snapshot(`${gnu}/src`), want, `GNU tar, ${ext}`);
    }
    assert.deepEqual(await store.pendingUploads(""), []);
  },
});

Deno.test({
  name: "an archive over one part goes up as a multipart upload and leaves no parts behind",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    const data = randomBytes(20 << 20);
    Deno.writeFileSync(`${d}/src/big.bin`, data);
    const made = await tarz(["create", "src", "-o", `s3://${name}/big.tar`], { cwd: d, env });
    assert.equal(made.code, 0, made.stderr);
    const info = await store.stat("big.tar");
    assert.ok(info && info.size > 20 << 20);
    assert.deepEqual(await store.pendingUploads(""), []);
    const got = await tarz(["extract", `s3://${name}/big.tar`, "-C", `${d}/x`], { env });
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(Deno.readFileSync(`${d}/x/src/big.bin`), data);
    const verified = await tarz(["verify", `s3://${name}/big.tar`, "--against", d], { env });
    assert.equal(verified.code, 0, verified.stderr + verified.stdout);
  },
});

Deno.test({
  name: "an existing key is refused without --force (exit 2, unchanged), replaced with it",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "one");
    const url = `s3://${name}/a.tar.gz`;
    assert.equal((await tarz(["create", "src", "-o", url], { cwd: d, env })).code, 0);
    const before = await download(store, "a.tar.gz");
    Deno.writeTextFileSync(`${d}/src/a`, "two, longer");
    const again = await tarz(["create", "src", "-o", url], { cwd: d, env });
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr,
      `tarz: error: Cannot write ${url}: it already exists\nhint: pass --force to overwrite it\n`,
    );
    assert.deepEqual(await download(store, "a.tar.gz"), before);
    const forced = await tarz(["create", "src", "-o", url, "--force"], { cwd: d, env });
    assert.equal(forced.code, 0, forced.stderr);
    assert.notDeepEqual(await download(store, "a.tar.gz"), before);
  },
});

Deno.test({
  name: "a wrong secret, a missing bucket and missing credentials each get one line and a hint",
  ignore,
  fn: async () => {
    const { name } = await newBucket(s3!);
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    const url = `s3://${name}/a.tar`;
    const wrong = await tarz(["create", "src", "-o", url], {
      cwd: d,
      env: { ...env, AWS_SECRET_ACCESS_KEY: "not-the-secret" },
    });
    assert.equal(wrong.code, 1);
    assert.equal(
      wrong.stderr,
      `tarz: error: S3 refused s3://${name}: 403 SignatureDoesNotMatch\nhint: check AWS_SECRET_ACCESS_KEY\n`,
    );
    assert.ok(!wrong.stderr.includes("not-the-secret"));
    const missing = await tarz(["list", "s3://no-such-bucket-here/a.tar"], { env });
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /^tarz: error: S3 refused s3:\/\/no-such-bucket-here\/a\.tar: 404 NoSuchBucket\nhint: check the bucket's name, or create it\n$/,
    );
    const none = await tarz(["list", url], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_SHARED_CREDENTIALS_FILE: `${d}/.aws/credentials`,
        AWS_CONFIG_FILE: `${d}/.aws/config`,
      },
    });
    assert.equal(none.code, 1);
    assert.equal(
      none.stderr,
      `tarz: error: No S3 credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and profile "default" has none in ${d}/.aws/credentials or ${d}/.aws/config\n` +
        "hint: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile that has keys\n",
    );
  },
});

Deno.test({
  name: "credentials and endpoint come from an AWS profile when the environment has none",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const d = tempDir();
    Deno.mkdirSync(`${d}/.aws`);
    Deno.writeTextFileSync(
      `${d}/.aws/credentials`,
      `[ceph]\naws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${env.AWS_SECRET_ACCESS_KEY}\n`,
    );
    Deno.writeTextFileSync(
      `${d}/.aws/config`,
      `[profile ceph]\nendpoint_url = ${env.AWS_ENDPOINT_URL}\n`,
    );
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    const r = await tarz(["create", "src", "-o", `s3://${name}/p.tar`], {
      cwd: d,
      env: {
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_ENDPOINT_URL: "",
        AWS_PROFILE: "ceph",
        AWS_SHARED_CREDENTIALS_FILE: `${d}/.aws/credentials`,
        AWS_CONFIG_FILE: `${d}/.aws/config`,
      },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(await store.stat("p.tar"));
  },
});

Deno.test({
  name: "an age-encrypted archive goes to S3 as .age and reads back with its identity",
  ignore,
  fn: async () => {
    const { name } = await newBucket(s3!);
    const d = tempDir();
    const id = await generateIdentity();
    Deno.writeTextFileSync(`${d}/key.txt`, `${id}\n`);
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/secret.txt`, "secret\n".repeat(1000));
    const url = `s3://${name}/s.tar.zst.age`;
    const made = await tarz([
      "create",
      "src",
      "-o",
      url,
      "--encrypt-to",
      await identityToRecipient(id),
    ], {
      cwd: d,
      env,
    });
    assert.equal(made.code, 0, made.stderr);
    const got = await tarz(["extract", url, "-C", `${d}/x`, "--identity", `${d}/key.txt`], { env });
    assert.equal(got.code, 0, got.stderr);
    assert.equal(Deno.readTextFileSync(`${d}/x/src/secret.txt`), "secret\n".repeat(1000));
  },
});

Deno.test("a location with an unknown scheme exits 2 and lists the supported ones", async () => {
  const d = tempDir();
  Deno.mkdirSync(`${d}/src`);
  for (const args of [["create", "src", "-o", "foo://x/a.tar"], ["list", "foo://x/a.tar"]]) {
    const r = await tarz(args, { cwd: d });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "tarz: error: Cannot use foo://x/a.tar: tarz does not know the scheme foo://\nhint: use a local path, file://PATH, s3://BUCKET/KEY, sftp://[USER@]HOST[:PORT]/PATH or rclone:REMOTE:PATH\n",
    );
  }
  assert.deepEqual([...Deno.readDirSync(d)].map((e) => e.name), ["src"]); // no "foo:" directory
});
