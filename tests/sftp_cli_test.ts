/**
 * SFTP destinations end to end, against OpenSSH's sshd (tests/_sftp.ts): round trips read
 * by GNU tar, retention, incrementals and restore, one file by its frames, what a killed or
 * interrupted upload leaves, and the one-line errors for a wrong key, an unknown host key
 * and a read-only directory (as root: logged in as nobody).
 */
import assert from "node:assert/strict";
import { makeTree, run, snapshot, spawnCreate, tarz, tempDir } from "./_helpers.ts";
import { sftp } from "./_sftp.ts";

const ignore = sftp === null;
const env = sftp?.env ?? {};

Deno.test({
  name: "archives go to an SFTP server and back; GNU tar reads what arrived; names are kept",
  ignore,
  fn: async () => {
    const d = tempDir();
    makeTree(`${d}/src`);
    Deno.mkdirSync(`${d}/remote`);
    for (const ext of ["tar", "tar.gz", "tar.zst", "tar.xz"]) {
      const url = `sftp://sftp-test${d}/remote/src.${ext}`;
      const made = await tarz(["create", "src", "-o", url], { cwd: d, env });
      assert.equal(made.code, 0, made.stderr);
      const got = await tarz(["extract", url, "-C", `${d}/x-${ext}`], { env });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(snapshot(`${d}/x-${ext}/src`), snapshot(`${d}/src`), ext);
      Deno.mkdirSync(`${d}/gnu-${ext}`);
      const gnu = await run(["tar", "-xf", `${d}/remote/src.${ext}`, "-C", `${d}/gnu-${ext}`]);
      assert.equal(gnu.code, 0, gnu.stderr);
    }
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)].map((e) => e.name).sort(), [
      "src.tar",
      "src.tar.gz",
      "src.tar.xz",
      "src.tar.zst",
    ]);
    const again = await tarz(["create", "src", "-o", `sftp://sftp-test${d}/remote/src.tar`], {
      cwd: d,
      env,
    });
    assert.equal(again.code, 2);
  },
});

Deno.test({
  name:
    "an incremental job over SFTP keeps its chain, restores a point in time, reads one file alone",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/data/sub`, { recursive: true });
    Deno.mkdirSync(`${d}/remote`);
    Deno.writeTextFileSync(`${d}/data/a.txt`, "a\n");
    Deno.writeTextFileSync(`${d}/data/sub/one.txt`, "one\n");
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { j: { sources: ["data"], output: "sftp://sftp-test${d}/remote/{job}-{date}.tar.zst", retention: { keepLast: 2 }, incremental: { fullEvery: 5 } } } };`,
    );
    const states: [string, string[]][] = [];
    for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"]) {
      Deno.writeTextFileSync(`${d}/data/${at.slice(0, 10)}.txt`, at);
      const r = await tarz(["backup"], { cwd: d, env: { ...env, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
      states.push([at, snapshot(`${d}/data`)]);
    }
    // the newest incremental needs its whole chain: all three stay
    assert.equal(
      [...Deno.readDirSync(`${d}/remote`)].filter((e) => e.name.endsWith(".zst")).length,
      3,
    );
    const [at, tree] = states[1];
    const r = await tarz(["restore", "j", "-C", `${d}/r`, "--at", at], { cwd: d, env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(snapshot(`${d}/r/data`), tree);
    const one = await tarz(
      [
        "extract",
        `sftp://sftp-test${d}/remote/j-2026-01-01.tar.zst`,
        "data/sub/one.txt",
        "-C",
        `${d}/x`,
        "--json",
      ],
      { env },
    );
    assert.equal(one.code, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).seekable, true);
    assert.equal(Deno.readTextFileSync(`${d}/x/data/sub/one.txt`), "one\n");
  },
});

Deno.test({
  name:
    "SIGINT mid-upload leaves no temporary file; kill -9 leaves one, which prune removes a day on",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    Deno.mkdirSync(`${d}/remote`);
    new Deno.Command("mkfifo", { args: [`${d}/go`] }).outputSync();
    const program =
      `cat >/dev/null & head -c 3000000 /dev/urandom; echo go > ${d}/go; exec sleep 600`;
    const spawn = () =>
      spawnCreate(d, `sftp://sftp-test${d}/remote/j-1.tar.x`, program, env, "null");
    const interrupted = spawn();
    assert.equal((await Deno.readTextFile(`${d}/go`)).trim(), "go");
    await _uploadStarted(`${d}/remote`);
    interrupted.kill("SIGINT");
    assert.equal((await interrupted.status).code, 130);
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)], []);
    const killed = spawn();
    assert.equal((await Deno.readTextFile(`${d}/go`)).trim(), "go");
    await _uploadStarted(`${d}/remote`);
    killed.kill("SIGKILL");
    await killed.status;
    assert.equal([...Deno.readDirSync(`${d}/remote`)].length, 1);
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { j: { sources: ["src"], output: "sftp://sftp-test${d}/remote/{job}-1.tar.x", retention: { keepLast: 1 } } } };`,
    );
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const pruned = await tarz(["prune"], { cwd: d, env: { ...env, TARZ_NOW: later } });
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /\.partial {2}aborted: a temporary file last written/);
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)], []);
  },
});

Deno.test({
  name: "a wrong key, an unknown host key and a read-only directory each get one line",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    Deno.mkdirSync(`${d}/ro`, { mode: 0o555 });
    const config = Deno.readTextFileSync(`${sftp!.dir}/ssh_config`);
    Deno.writeTextFileSync(
      `${d}/wrong_key_config`,
      config.replace(/IdentityFile .*/, `IdentityFile ${d}/nokey`),
    );
    Deno.writeTextFileSync(
      `${d}/unknown_host_config`,
      config.replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${d}/empty`),
    );
    const create = (out: string, rsh?: string) =>
      tarz(["create", "src", "-o", out, "--progress", "none"], {
        cwd: d,
        env: rsh ? { TARZ_RSH: rsh } : env,
      });
    const wrong = await create(`sftp://sftp-test${d}/a.tar`, `ssh -F ${d}/wrong_key_config`);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stderr,
      /^tarz: error: sftp:\/\/sftp-test: .*Permission denied \(publickey\)\.\nhint: check the host, the key and known_hosts/,
    );
    const unknown = await create(`sftp://sftp-test${d}/a.tar`, `ssh -F ${d}/unknown_host_config`);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /^tarz: error: sftp:\/\/sftp-test: Host key verification failed\.\n/,
    );
    // root writes anywhere: as root, the launcher lets the key log in as nobody too
    const host = Deno.uid() === 0 ? "sftp-test-nobody" : "sftp-test";
    Deno.chmodSync(d, 0o755);
    const ro = await create(`sftp://${host}${d}/ro/a.tar`);
    assert.equal(ro.code, 1, ro.stderr);
    assert.match(
      ro.stderr,
      /^tarz: error: sftp:\/\/sftp-test(-nobody)?: Permission denied \(\/.*\/ro\/a\.tar\)\nhint: check the permissions of the directory on the server\n$/,
    );
    assert.deepEqual([...Deno.readDirSync(`${d}/ro`)], []);
    const missing = await create(`sftp://sftp-test${d}/no/such/dir/a.tar`);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /^tarz: error: sftp:\/\/sftp-test: No such file.*\nhint: check the path \(its directory must exist\)\n$/,
    );
  },
});

Deno.test({
  name: "a job over SFTP with keepLast 2 run three times keeps exactly two archives",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/data`);
    Deno.mkdirSync(`${d}/remote`);
    Deno.writeTextFileSync(`${d}/data/a.txt`, "a\n");
    Deno.writeTextFileSync(
      `${d}/tarz.config.ts`,
      `export default { jobs: { j: { sources: ["data"], output: "sftp://sftp-test${d}/remote/{job}-{date}.tar.gz", retention: { keepLast: 2 } } } };`,
    );
    for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"]) {
      const r = await tarz(["backup"], { cwd: d, env: { ...env, TARZ_NOW: at } });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)].map((e) => e.name).sort(), [
      "j-2026-01-02.tar.gz",
      "j-2026-01-02.tar.gz.manifest.json",
      "j-2026-01-03.tar.gz",
      "j-2026-01-03.tar.gz.manifest.json",
    ]);
  },
});

/** Resolves once a temporary file in `dir` has data: the upload is under way. */
async function _uploadStarted(dir: string): Promise<void> {
  const watcher = Deno.watchFs(dir);
  const started = () =>
    [...Deno.readDirSync(dir)].some((e) =>
      e.name.endsWith(".partial") && Deno.statSync(`${dir}/${e.name}`).size > 0
    );
  try {
    if (started()) return;
    for await (const _ of watcher) if (started()) return;
  } finally {
    watcher.close();
  }
}

/**
 * Starts a create to `url` held mid-upload by a compress program (3 MB, "go" on the FIFO,
 * then `trickle` pieces of 64 KiB), kills the server's session processes, and returns the
 * run's exit code and stderr.
 */
async function killSessionMidUpload(d: string, url: string, rsh: string, trickle: number) {
  new Deno.Command("mkfifo", { args: [`${d}/go`] }).outputSync();
  const program = `cat >/dev/null & head -c 3000000 /dev/urandom; echo go > ${d}/go; ` +
    `for i in $(seq 1 ${trickle}); do head -c 65536 /dev/urandom; sleep 0.05; done`;
  const child = spawnCreate(d, url, program, { TARZ_RSH: rsh });
  assert.equal((await Deno.readTextFile(`${d}/go`)).trim(), "go");
  await _uploadStarted(`${d}/remote`); // the program runs while ssh connects: wait for data
  // the session processes are the children of the listening sshd
  const listener = Deno.readTextFileSync(`${sftp!.dir}/sshd.launch.pid`).trim();
  const sessions = (await run(["pgrep", "-P", listener])).stdout.trim().split("\n").filter(Boolean);
  assert.ok(sessions.length > 0, "a session is open");
  return { sessions, child };
}

Deno.test({
  name: "the server's session killed mid-upload: a new connection sends again what was lost",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    Deno.mkdirSync(`${d}/remote`);
    const { sessions, child } = await killSessionMidUpload(
      d,
      `sftp://sftp-test${d}/remote/a.tar.x`,
      env.TARZ_RSH,
      20,
    );
    for (const pid of sessions) Deno.kill(Number(pid), "SIGKILL");
    const out = await child.output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    // the archive is what the compress program wrote, every byte once
    assert.equal(Deno.statSync(`${d}/remote/a.tar.x`).size, 3_000_000 + 20 * 65536);
    assert.deepEqual([...Deno.readDirSync(`${d}/remote`)].map((e) => e.name), ["a.tar.x"]);
  },
});

Deno.test({
  name:
    "the session killed and no new connection possible: one line, exit 1, nothing under the name",
  ignore,
  fn: async () => {
    const d = tempDir();
    Deno.mkdirSync(`${d}/src`);
    Deno.writeTextFileSync(`${d}/src/a`, "a");
    Deno.mkdirSync(`${d}/remote`);
    // ssh that connects once; once the marker is there, it fails as a refused connection does
    Deno.writeTextFileSync(
      `${d}/rsh`,
      `#!/bin/sh\n[ -e ${d}/down ] && { echo "ssh: connect to host 127.0.0.1: Connection refused" >&2; exit 255; }\nexec ${env.TARZ_RSH} "$@"\n`,
    );
    Deno.chmodSync(`${d}/rsh`, 0o755);
    const { sessions, child } = await killSessionMidUpload(
      d,
      `sftp://sftp-test${d}/remote/a.tar.x`,
      `${d}/rsh`,
      1000,
    );
    Deno.writeTextFileSync(`${d}/down`, "");
    for (const pid of sessions) Deno.kill(Number(pid), "SIGKILL");
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.match(stderr, /^tarz: error: sftp:\/\/sftp-test: .*\n/);
    assert.equal(stderr.trim().split("\n").filter((l) => !l.startsWith("hint:")).length, 1, stderr);
    assert.ok(!Deno.readDirSync(`${d}/remote`).some((e) => e.name === "a.tar.x"));
  },
});
