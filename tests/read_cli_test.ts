/** End-to-end tests of `tarz list`, `extract` and `verify` through the real CLI. */
import assert from "node:assert/strict";
import { padToBlock } from "../src/tar/constants.ts";
import { encodeHeader } from "../src/tar/header_encode.ts";
import { makeEntry, type TarEntry } from "../src/tar/entry.ts";
import { concatBytes } from "../src/util/bytes.ts";
import { makeTree, run, snapshot, tarz, tempDir } from "./_helpers.ts";

async function archived(ext = "tar.gz"): Promise<string> {
  const dir = tempDir();
  makeTree(`${dir}/src`);
  const r = await tarz(["create", "src", "-o", `a.${ext}`, "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

Deno.test("verify --against passes on the source and names each difference after a change", async () => {
  const dir = await archived();
  const ok = await tarz(["verify", "a.tar.gz", "--against", "."], { cwd: dir });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /a\.tar\.gz: gzip, \d+ members, .*: OK/);
  Deno.writeTextFileSync(`${dir}/src/private.txt`, "SECRET");
  Deno.chmodSync(`${dir}/src/run.sh`, 0o700);
  const bad = await tarz(["verify", "a.tar.gz", "--against", "."], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^src\/private\.txt: content differs$/m);
  assert.match(bad.stdout, /^src\/run\.sh: mode: archive 755, disk 700$/m);
});

Deno.test("verify fails with the byte offset on a damaged archive", async () => {
  const dir = await archived("tar");
  const data = Deno.readFileSync(`${dir}/a.tar`);
  data[512 + 100] ^= 0xff; // the second header's mode field: its checksum no longer matches
  Deno.writeFileSync(`${dir}/b.tar`, data);
  const r = await tarz(["verify", "b.tar"], { cwd: dir });
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /Cannot read b\.tar: header checksum mismatch .*\(tar byte 512, after src\)/,
  );
});

Deno.test("extract keeps existing files by default, reports each, and exits 3", async () => {
  const dir = await archived();
  Deno.mkdirSync(`${dir}/out/src`, { recursive: true });
  Deno.writeTextFileSync(`${dir}/out/src/hello.txt`, "mine");
  const r = await tarz(["extract", "a.tar.gz", "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /kept existing src\/hello\.txt/);
  assert.equal(Deno.readTextFileSync(`${dir}/out/src/hello.txt`), "mine");
  const again = await tarz([
    "extract",
    "a.tar.gz",
    "-C",
    "out",
    "--overwrite",
    "always",
    "--progress",
    "none",
  ], {
    cwd: dir,
  });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(snapshot(`${dir}/out/src`), snapshot(`${dir}/src`));
  // over a whole tree: five lines, then how many more, not one line a file
  const whole = await tarz(["extract", "a.tar.gz", "-C", "out", "--progress", "none"], {
    cwd: dir,
  });
  assert.equal(whole.code, 3);
  const lines = whole.stderr.split("\n").filter((l) => l.includes("kept existing"));
  assert.equal(lines.length, 5);
  const kept = Number(whole.stderr.match(/ (\d+) existing files kept/)![1]);
  assert.match(
    whole.stderr,
    new RegExp(
      `… and ${kept - 5} more existing files kept; --overwrite newer or always replaces them`,
    ),
  );
});

Deno.test("extract --strip-components and --include select members", async () => {
  const dir = await archived();
  const r = await tarz(
    [
      "extract",
      "a.tar.gz",
      "-C",
      "out",
      "--strip-components",
      "1",
      "--include",
      "src/sub/deeper",
      "--progress",
      "none",
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["sub"]);
  assert.deepEqual([...Deno.readDirSync(`${dir}/out/sub`)].map((e) => e.name), ["deeper"]);
});

Deno.test("extract takes member names and wildcards as GNU tar does, and names the missing", async () => {
  const dir = await archived();
  const r = await tarz(
    ["extract", "a.tar.gz", "src/sub/deeper/", "src/*.sh", "src/nope", "-C", "out"],
    { cwd: dir },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^tarz: warning: src\/nope: not found in the archive$/m);
  const got: string[] = [];
  for (const d of ["out/src", "out/src/sub", "out/src/sub/deeper"]) {
    for (const e of Deno.readDirSync(`${dir}/${d}`)) if (e.isFile) got.push(`${d}/${e.name}`);
  }
  assert.deepEqual(got.sort(), ["out/src/run.sh", "out/src/sub/deeper/café ünï 日本語.txt"]);
  // the same selection with GNU tar's -O: the data, in archive order, and nothing on disk
  const o = await tarz(["extract", "-O", "a.tar.gz", "src/hello.txt", "src/run.sh"], {
    cwd: dir,
  });
  assert.equal(o.code, 0, o.stderr);
  const gnu = await run(["tar", "-xzOf", "a.tar.gz", "src/hello.txt", "src/run.sh"], { cwd: dir });
  assert.equal(o.stdout, gnu.stdout);
  assert.match(o.stdout, /^hello\n#!\/bin\/sh\n/);
  assert.equal((await tarz(["extract", "-O", "a.tar.gz", "none*"], { cwd: dir })).code, 3);
});

Deno.test("extract -O writes a sparse file whole, as GNU tar reads it", async () => {
  const dir = tempDir();
  const f = await Deno.open(`${dir}/sparse.img`, { write: true, create: true });
  await f.seek(3 << 20, Deno.SeekMode.Start);
  await f.write(new TextEncoder().encode("data in the middle"));
  await f.truncate(6 << 20);
  f.close();
  const made = await run(["tar", "--sparse", "-cf", "s.tar", "sparse.img"], { cwd: dir });
  assert.equal(made.code, 0, made.stderr);
  const out = await run([
    "sh",
    "-c",
    `${Deno.execPath()} run -A ${
      new URL("../main.ts", import.meta.url).pathname
    } extract -O s.tar | cmp - sparse.img`,
  ], { cwd: dir });
  assert.equal(out.code, 0, out.stderr + out.stdout);
});

Deno.test("list prints names, a tar -tv long listing, or one JSON object per member", async () => {
  const dir = await archived();
  const plain = await tarz(["list", "a.tar.gz"], { cwd: dir });
  assert.match(plain.stdout, /^src\/empty-dir\/$/m);
  const long = await tarz(["list", "-v", "a.tar.gz"], { cwd: dir });
  assert.match(long.stdout, /^-rwxr-xr-x .* 18 2020-09-13 12:26 src\/run\.sh$/m);
  assert.match(long.stdout, /^h.* src\/sub\/hardlink\.txt link to src\/hello\.txt$/m);
  const json = (await tarz(["list", "--json", "a.tar.gz"], { cwd: dir })).stdout.trim().split("\n")
    .map((l) => JSON.parse(l));
  const link = json.find((e) => e.name === "src/link-to-hello");
  assert.deepEqual([link.type, link.linkname], ["symlink", "hello.txt"]);
});

Deno.test("list and extract name a missing archive with exit 2", async () => {
  const r = await tarz(["list", "nope.tar"], { cwd: tempDir() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Cannot read nope\.tar: no such file/);
});

Deno.test("extract never writes through links when its writer thread writes the files", async () => {
  const dir = tempDir();
  const outside = `${dir}/outside`;
  Deno.mkdirSync(outside);
  const parts: Uint8Array[] = [];
  const add = (fields: Partial<TarEntry> & Pick<TarEntry, "path" | "type">, data = "") => {
    const bytes = new TextEncoder().encode(data);
    parts.push(encodeHeader(makeEntry({ ...fields, size: bytes.length, mtime: 1_600_000_000 })));
    parts.push(bytes, new Uint8Array(padToBlock(bytes.length) - bytes.length));
  };
  add({ path: "pad", type: "directory" });
  // enough files that the writer thread takes over, each still being written as the attacks come
  for (let i = 0; i < 200; i++) add({ path: `pad/f${i}`, type: "file" }, `original ${i}`);
  add({ path: "pad/out", type: "symlink", linkname: outside });
  add({ path: "pad/out/pwned", type: "file" }, "x");
  add({ path: "pad/loop", type: "symlink", linkname: "." });
  add({ path: "pad/loop/f7", type: "file" }, "through a link");
  add({ path: "pad/h", type: "hardlink", linkname: "pad/f8" });
  add({ path: "pad/h", type: "file" }, "replaces the link, not f8");
  add({ path: "pad/f9", type: "symlink", linkname: "f10" });
  add({ path: "pad/f9", type: "file" }, "replaces the symlink, not f10");
  add({ path: "pad", type: "symlink", linkname: outside });
  add({ path: "pad/f199", type: "file" }, "last");
  parts.push(new Uint8Array(1024));
  Deno.writeFileSync(`${dir}/evil.tar`, concatBytes(parts));

  const r = await tarz(["extract", "evil.tar", "-C", "out", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 3, r.stderr);
  assert.deepEqual([...Deno.readDirSync(outside)], []);
  const read = (p: string) => Deno.readTextFileSync(`${dir}/out/pad/${p}`);
  assert.equal(read("f7"), "original 7");
  assert.equal(read("f8"), "original 8");
  assert.equal(read("h"), "replaces the link, not f8");
  assert.equal(read("f10"), "original 10");
  assert.equal(read("f9"), "replaces the symlink, not f10");
  assert.equal(read("f199"), "last");
  assert.ok(Deno.lstatSync(`${dir}/out/pad`).isDirectory);
  assert.match(r.stderr, /refused pad\/out:/);
  assert.match(r.stderr, /refused pad\/loop\/f7: pad\/loop is a symlink/);
  assert.match(r.stderr, /refused pad: pad exists as a directory/);
});
