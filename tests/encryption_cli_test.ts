/**
 * age encryption end to end: create --encrypt-to, list/extract/verify --identity, a wrong
 * or missing key, and an encrypted backup job verified with its identity.
 */
import assert from "node:assert/strict";
import { generateIdentity, identityToRecipient } from "age-encryption";
import { snapshot, tarz, tempDir } from "./_helpers.ts";

async function keys(dir: string) {
  const id = await generateIdentity();
  Deno.writeTextFileSync(`${dir}/key.txt`, `# test key\n${id}\n`);
  const other = await generateIdentity();
  Deno.writeTextFileSync(`${dir}/other.txt`, `${other}\n`);
  return await identityToRecipient(id);
}

function tree(): string {
  const d = tempDir();
  Deno.mkdirSync(`${d}/src/sub`, { recursive: true });
  Deno.writeTextFileSync(`${d}/src/a.txt`, "secret\n".repeat(5000));
  Deno.writeTextFileSync(`${d}/src/sub/b.bin`, "b");
  return d;
}

Deno.test("an encrypted archive round-trips with the right identity and only with it", async () => {
  const d = tree();
  const recipient = await keys(d);
  const c = await tarz([
    "create",
    "src",
    "-o",
    "s.tar.zst.age",
    "-r",
    recipient,
    "--progress",
    "none",
  ], { cwd: d });
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /zstd level 3 \(.*age-encrypted\)/);
  assert.ok(
    new TextDecoder().decode(Deno.readFileSync(`${d}/s.tar.zst.age`).subarray(0, 21)).startsWith(
      "age-encryption.org/v1",
    ),
  );
  const l = await tarz(["list", "s.tar.zst.age", "-i", "key.txt"], { cwd: d });
  assert.equal(l.stdout, "src/\nsrc/a.txt\nsrc/sub/\nsrc/sub/b.bin\n");
  const x = await tarz([
    "extract",
    "s.tar.zst.age",
    "-i",
    "key.txt",
    "-C",
    "out",
    "--progress",
    "none",
  ], { cwd: d });
  assert.equal(x.code, 0, x.stderr);
  assert.deepEqual(snapshot(`${d}/out/src`), snapshot(`${d}/src`));
  const v = await tarz(["verify", "s.tar.zst.age", "-i", "key.txt", "--against", "."], { cwd: d });
  assert.equal(v.code, 0, v.stderr);

  const missing = await tarz(["list", "s.tar.zst.age"], { cwd: d });
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    "tarz: error: s.tar.zst.age is encrypted with age\nhint: pass --identity FILE to read it\n",
  );
  const wrong = await tarz([
    "extract",
    "s.tar.zst.age",
    "-i",
    "other.txt",
    "-C",
    "w",
    "--progress",
    "none",
  ], { cwd: d });
  assert.equal(wrong.code, 1);
  assert.match(
    wrong.stderr,
    /^tarz: error: Cannot decrypt s\.tar\.zst\.age: none of the given identities is one of its recipients\n/,
  );
  // the archive is opened before the destination is made: nothing is left behind
  assert.throws(() => Deno.statSync(`${d}/w`), Deno.errors.NotFound, "nothing extracted");
});

Deno.test("encrypting needs an .age name and a real recipient", async () => {
  const d = tree();
  const recipient = await keys(d);
  const name = await tarz(["create", "src", "-o", "s.tar.gz", "-r", recipient], { cwd: d });
  assert.equal(name.code, 2);
  assert.match(
    name.stderr,
    /an encrypted archive's name must end in \.age\nhint: name it s\.tar\.gz\.age\n$/,
  );
  const bad = await tarz(["create", "src", "-o", "s.tar.gz.age", "-r", "age1oops"], { cwd: d });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Not an age recipient: "age1oops"/);
});

Deno.test("an encrypted backup job is verified with --identity, its manifest encrypted too", async () => {
  const d = tree();
  const recipient = await keys(d);
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { s: {
  sources: ["src"], output: "b/{job}.tar.zst.age", encrypt: { recipients: ["${recipient}"] },
} } };`,
  );
  const r = await tarz(["backup", "--verify", "-i", "key.txt", "--json"], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).jobs[0].verified, true);
  const v = await tarz(["verify", "--job", "s", "-i", "key.txt"], { cwd: d });
  assert.equal(v.code, 0, v.stderr);
  // nothing beside the archive names its files in the clear
  assert.deepEqual([...Deno.readDirSync(`${d}/b`)].map((e) => e.name).sort(), [
    "s.tar.zst.age",
    "s.tar.zst.age.manifest.json.age",
  ]);
  const sidecar = new TextDecoder().decode(
    Deno.readFileSync(`${d}/b/s.tar.zst.age.manifest.json.age`),
  );
  assert.ok(sidecar.startsWith("age-encryption.org/v1\n"));
  assert.doesNotMatch(sidecar, /src\//);
  const noKey = await tarz(["verify", "--job", "s"], { cwd: d });
  assert.equal(noKey.code, 2, noKey.stderr);
});

Deno.test("keygen writes an identity with mode 0600 and prints the recipient that opens it", async () => {
  const d = tree();
  const k = await tarz(["keygen", "-o", "mine.txt"], { cwd: d });
  assert.equal(k.code, 0, k.stderr);
  const recipient = k.stdout.trim();
  assert.match(recipient, /^age1[02-9ac-hj-np-z]{58}$/);
  assert.equal(Deno.statSync(`${d}/mine.txt`).mode! & 0o777, 0o600);
  assert.doesNotMatch(k.stdout + k.stderr, /AGE-SECRET-KEY/);
  const c = await tarz(["create", "src", "-o", "s.tar.zst.age", "-r", recipient], { cwd: d });
  assert.equal(c.code, 0, c.stderr);
  const x = await tarz(["extract", "s.tar.zst.age", "-C", "x", "-i", "mine.txt"], { cwd: d });
  assert.equal(x.code, 0, x.stderr);
  assert.equal(Deno.readTextFileSync(`${d}/x/src/sub/b.bin`), "b");
  const again = await tarz(["keygen", "-o", "mine.txt"], { cwd: d });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /mine\.txt already exists/);
});
