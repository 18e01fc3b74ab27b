/**
 * Regression tests, through the real CLI, for defects found by running tarz on archives
 * from other projects' suites and on hostile ones.
 */
import assert from "node:assert/strict";
import { concat, END, paxHeader, paxRecord, rawFile, rawHeader } from "./fixtures/raw_tar.ts";
import { run, tarz, tempDir } from "./_helpers.ts";

function write(dir: string, name: string, bytes: Uint8Array): string {
  Deno.writeFileSync(`${dir}/${name}`, bytes);
  return name;
}

Deno.test("extract refuses a symlink that leaves through a directory named with a backslash", async () => {
  const dir = tempDir();
  const a = write(
    dir,
    "a.tar",
    concat([
      rawHeader({ name: "a/", type: "5" }),
      rawHeader({ name: "a/b/", type: "5" }),
      rawHeader({ name: "a\\b/", type: "5" }),
      rawHeader({ name: "l", type: "2", linkname: "a\\b/../../victim" }),
      END,
    ]),
  );
  const r = await tarz(["extract", a, "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /l: .*outside the destination/);
  assert.throws(() => Deno.lstatSync(`${dir}/out/l`), Deno.errors.NotFound);
  assert.ok(Deno.statSync(`${dir}/out/a\\b`).isDirectory);
});

Deno.test("list, extract and verify keep the member after a directory with a size field", async () => {
  const dir = tempDir();
  const a = write(
    dir,
    "a.tar",
    concat([
      rawFile("ustar/regtype", "data"),
      rawHeader({ name: "ustar/dirtype-with-size", type: "5", size: 255 }),
      rawHeader({ name: "ustar/lnktype", type: "1", linkname: "ustar/regtype" }),
      END,
    ]),
  );
  const list = await tarz(["list", a], { cwd: dir });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(list.stdout.trim().split("\n"), [
    "ustar/regtype",
    "ustar/dirtype-with-size/",
    "ustar/lnktype",
  ]);
  const x = await tarz(["extract", a, "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(x.code, 0, x.stderr);
  assert.equal(Deno.readTextFileSync(`${dir}/out/ustar/lnktype`), "data");
  assert.equal((await tarz(["verify", a], { cwd: dir })).code, 0);
});

Deno.test("a member without a name is refused by position: extract exits 3, verify 1", async () => {
  const dir = tempDir();
  const a = write(dir, "a.tar", concat([rawFile("first", "1"), rawFile("", "lost?"), END]));
  const x = await tarz(["extract", a, "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(x.code, 3, x.stderr);
  assert.match(x.stderr, /member 2 \(at byte 1024\): it has no name/);
  assert.equal(Deno.readTextFileSync(`${dir}/out/first`), "1");
  const v = await tarz(["verify", a], { cwd: dir });
  assert.equal(v.code, 1, v.stderr);
  assert.match(v.stdout, /member 2 \(at byte 1024\): it has no name/);
});

Deno.test("verify --against accepts FIFOs on disk as FIFOs, as tar -d does", async () => {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  await run(["mkfifo", `${dir}/src/pipe`]);
  const c = await tarz(["create", "src", "-o", "a.tar", "--special-files", "--progress", "none"], {
    cwd: dir,
  });
  assert.equal(c.code, 0, c.stderr);
  const v = await tarz(["verify", "a.tar", "--against", "."], { cwd: dir });
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.equal((await run(["tar", "-df", "a.tar"], { cwd: dir })).code, 0);
});

Deno.test("extract --max-bytes bounds the reading after the end marker too", async () => {
  const dir = tempDir();
  const a = write(dir, "a.tar", concat([rawFile("six", "123456"), END]));
  Deno.truncateSync(`${dir}/${a}`, 256 << 20); // then 256 MiB of zeros (a sparse file)
  const json = (r: { stderr: string }) => JSON.parse(r.stderr.trim().split("\n").at(-1)!);
  const limited = await tarz(["extract", a, "-C", "x", "--max-bytes", "1K", "--progress", "json"], {
    cwd: dir,
  });
  assert.equal(limited.code, 0, limited.stderr);
  assert.ok(json(limited).bytesIn <= 2 << 20, `read ${json(limited).bytesIn} bytes`);
  assert.equal(Deno.readTextFileSync(`${dir}/x/six`), "123456");
  // without a limit the tail is read to its end, so compression checksums there are checked
  const whole = await tarz(["extract", a, "-C", "y", "--progress", "json"], { cwd: dir });
  assert.equal(json(whole).bytesIn, 256 << 20);
});

Deno.test("a text file is not an archive: verify, list and extract exit 1 and say what it is", async () => {
  const dir = tempDir();
  Deno.writeTextFileSync(`${dir}/note.txt`, "hello\n");
  for (const cmd of [["verify"], ["list"], ["extract", "-C", "out"]]) {
    const r = await tarz([cmd[0], "note.txt", ...cmd.slice(1)], { cwd: dir });
    assert.equal(r.code, 1, `${cmd[0]}: ${r.stderr}`);
    assert.match(r.stderr, /Cannot read note\.txt: it is not an archive \(it looks like text\)/);
    assert.doesNotMatch(r.stderr, /brotli stream|bug/);
  }
  assert.throws(() => Deno.statSync(`${dir}/out`), Deno.errors.NotFound);
  write(dir, "a.zip", new Uint8Array([0x50, 0x4b, 3, 4, ...new Array(40).fill(0)]));
  const zip = await tarz(["list", "a.zip"], { cwd: dir });
  assert.equal(zip.code, 1);
  assert.match(zip.stderr, /a\.zip: it is a zip archive, which tarz does not read/);
});

Deno.test("a damaged plain tar is reported as damaged tar, not as brotli", async () => {
  const dir = tempDir();
  const header = rawHeader({ name: "a.txt", size: 1 });
  header[150] ^= 1; // a wrong checksum
  write(dir, "bad.tar", concat([header, new Uint8Array(512), END]));
  const r = await tarz(["list", "bad.tar"], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Cannot read bad\.tar: header checksum mismatch/);
  assert.doesNotMatch(r.stderr, /brotli stream/);
});

Deno.test("a name the file system refuses is refused alone: the rest is extracted, exit 3", async () => {
  const dir = tempDir();
  const long = "n".repeat(304); // over NAME_MAX, as in Go's pax-bad-hdr-large
  const a = write(
    dir,
    "a.tar",
    concat([
      paxHeader([paxRecord("path", `${long}.txt`)]),
      rawFile("x", "1"),
      rawFile("ok", "2"),
      END,
    ]),
  );
  const r = await tarz(["extract", a, "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /refused n+…n+\.txt: a name in it is too long for the file system/);
  assert.ok(r.stderr.split("\n").every((l) => l.length < 300), "every line is short");
  assert.doesNotMatch(r.stderr, /bug in tarz/);
  assert.equal(Deno.readTextFileSync(`${dir}/out/ok`), "2");
});

/** A read-only file system at a fresh mount point, or null where mounting is not allowed. */
async function readOnlyMount(): Promise<string | null> {
  const at = tempDir();
  const r = await run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", at]);
  return r.code === 0 ? at : null;
}

Deno.test("a read-only destination is a plain error with a hint, not a bug", async () => {
  const ro = await readOnlyMount();
  if (!ro) return console.log("ignored: mount is not allowed here");
  try {
    const dir = tempDir();
    const a = write(dir, "a.tar", concat([rawFile("x", "1"), END]));
    const x = await tarz(["extract", a, "-C", `${ro}/out`], { cwd: dir });
    assert.equal(x.code, 1);
    assert.match(
      x.stderr,
      /Cannot extract into .*\/out: the file system is read-only\nhint: choose a writable destination/,
    );
    const c = await tarz(["create", a, "-o", `${ro}/x.tar`], { cwd: dir });
    assert.equal(c.code, 1);
    assert.match(
      c.stderr,
      /Cannot write .*\/x\.tar: the file system is read-only\nhint: choose a writable destination/,
    );
    for (const out of [x, c]) assert.doesNotMatch(out.stderr, /bug in tarz|os error/);
  } finally {
    await run(["umount", ro]);
  }
});
