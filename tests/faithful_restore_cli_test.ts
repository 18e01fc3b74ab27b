/**
 * What each mode of extraction keeps, end to end: as root, `restore` brings back owners
 * (by name first, as GNU tar does), setuid and setgid bits, directory owners and absolute
 * links; `extract` keeps its safe defaults and names the way through.
 */
import assert from "node:assert/strict";
import { run, tarz, tempDir } from "./_helpers.ts";

const root = Deno.uid() === 0;

/** A tree with owners, special modes and an absolute link, as root made it. */
function ownedTree(dir: string): void {
  Deno.mkdirSync(`${dir}/src/shared`, { recursive: true });
  Deno.writeTextFileSync(`${dir}/src/tool`, "#!/bin/sh\n");
  Deno.writeTextFileSync(`${dir}/src/shared/notes`, "notes\n");
  Deno.writeTextFileSync(`${dir}/src/daemon.txt`, "daemon's\n");
  Deno.chownSync(`${dir}/src/tool`, 1234, 5678);
  Deno.chmodSync(`${dir}/src/tool`, 0o4775);
  Deno.chownSync(`${dir}/src/shared`, 1234, 5678);
  Deno.chmodSync(`${dir}/src/shared`, 0o2775);
  Deno.chownSync(`${dir}/src/daemon.txt`, 1, 1); // daemon:daemon on Debian
  // large enough for the writer thread, written in chunks
  Deno.writeFileSync(`${dir}/src/big-tool`, new Uint8Array(2 << 20));
  Deno.chownSync(`${dir}/src/big-tool`, 1234, 5678);
  Deno.chmodSync(`${dir}/src/big-tool`, 0o6755);
  Deno.symlinkSync("/etc/hostname", `${dir}/src/abs-link`);
}

function owner(path: string): string {
  const st = Deno.lstatSync(path);
  return `${st.uid}:${st.gid} ${(st.mode! & 0o7777).toString(8)}`;
}

Deno.test({
  name: "restore as root brings back owners, setuid, setgid and absolute links",
  ignore: !root,
}, async () => {
  const d = tempDir();
  ownedTree(d);
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { sys: { sources: ["src"], output: "b/{job}-{date}T{time}.tar" } } };`,
  );
  const b = await tarz(["backup"], { cwd: d });
  assert.equal(b.code, 0, b.stderr);
  const r = await tarz(["restore", "sys", "-C", `${d}/r`], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(owner(`${d}/r/src/tool`), "1234:5678 4775");
  assert.equal(owner(`${d}/r/src/shared`), "1234:5678 2775");
  assert.equal(owner(`${d}/r/src/daemon.txt`), "1:1 644");
  assert.equal(owner(`${d}/r/src/big-tool`), "1234:5678 6755");
  assert.equal(Deno.readLinkSync(`${d}/r/src/abs-link`), "/etc/hostname");
  // --no-trusted applies extract's rules instead
  const safe = await tarz(["restore", "sys", "-C", `${d}/s`, "--no-trusted"], { cwd: d });
  assert.equal(safe.code, 3, safe.stderr);
  assert.equal(owner(`${d}/s/src/tool`), "0:0 755");
});

Deno.test({
  name: "extract --same-owner -p as root maps owner names first and keeps 4755 and 2755",
  ignore: !root,
}, async () => {
  const d = tempDir();
  ownedTree(d);
  // the header says uid 4321 with the name daemon: the name wins where this system has it
  const tar = await run([
    "tar",
    "-cf",
    "a.tar",
    "--owner=daemon:4321",
    "--group=daemon:8765",
    "src/daemon.txt",
  ], { cwd: d });
  assert.equal(tar.code, 0, tar.stderr);
  const numeric = await run(["tar", "-rf", "a.tar", "src/big-tool", "src/tool", "src/shared"], {
    cwd: d,
  });
  assert.equal(numeric.code, 0, numeric.stderr);
  const x = await tarz(["extract", "a.tar", "-C", "x", "--same-owner", "-p"], { cwd: d });
  assert.equal(x.code, 0, x.stderr);
  assert.equal(owner(`${d}/x/src/daemon.txt`), "1:1 644");
  assert.equal(owner(`${d}/x/src/tool`), "1234:5678 4775");
  assert.equal(owner(`${d}/x/src/big-tool`), "1234:5678 6755");
  assert.equal(owner(`${d}/x/src/shared`), "1234:5678 2775");
  // the safe default: the extracting user's, no special bits
  const y = await tarz(["extract", "a.tar", "-C", "y"], { cwd: d });
  assert.equal(y.code, 0, y.stderr);
  assert.equal(owner(`${d}/y/src/tool`), "0:0 755");
  assert.equal(owner(`${d}/y/src/shared`), "0:0 755");
});

Deno.test("extract names --trusted once when it refuses links that leave the destination", async () => {
  const d = tempDir();
  Deno.mkdirSync(`${d}/src`);
  Deno.symlinkSync("/etc/localtime", `${d}/src/localtime`);
  Deno.symlinkSync("../../outside", `${d}/src/up`);
  assert.equal((await run(["tar", "-cf", "a.tar", "src"], { cwd: d })).code, 0);
  const x = await tarz(["extract", "a.tar", "-C", "x"], { cwd: d });
  assert.equal(x.code, 3, x.stderr);
  assert.match(x.stderr, /refused src\/localtime/);
  assert.equal(x.stderr.match(/--trusted/g)?.length, 1, x.stderr);
  assert.match(x.stderr, /hint: 2 symbolic links were refused .* extract it with --trusted/);
  const t = await tarz(["extract", "a.tar", "-C", "t", "--trusted"], { cwd: d });
  assert.equal(t.code, 0, t.stderr);
  assert.equal(Deno.readLinkSync(`${d}/t/src/localtime`), "/etc/localtime");
});
