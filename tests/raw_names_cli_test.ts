/**
 * Names that are not UTF-8 (a Latin-1 `caf\xe9.txt`), in every direction, against GNU tar
 * and bsdtar: list escapes them as GNU tar does, extract writes the same bytes, create
 * archives them, verify and rules see them, and two names that differ in a byte stay two.
 */
import assert from "node:assert/strict";
import { has, run, tarz, tempDir } from "./_helpers.ts";

/** A tree with names in Latin-1, made by the shell (printf's octal escapes). */
async function latin1Tree(root: string): Promise<void> {
  const r = await run([
    "sh",
    "-c",
    `mkdir -p "${root}" && cd "${root}" && printf 'cafe' > "$(printf 'caf\\351.txt')" &&
     printf 'ae' > "$(printf 'a\\344')" && printf 'oe' > "$(printf 'a\\366')" &&
     mkdir "$(printf 'd\\366')" && printf 'in' > "$(printf 'd\\366')/in.txt" &&
     ln -s "$(printf 'caf\\351.txt')" "$(printf 'l\\377')"`,
  ]);
  assert.equal(r.code, 0, r.stderr);
}

/** Every path under `root` with its type, size and link target, bytes escaped by find. */
async function listing(root: string): Promise<string> {
  const r = await run([
    "sh",
    "-c",
    `cd "${root}" && LC_ALL=C find . -printf '%p %y %s %l\\n' | LC_ALL=C sort | od -c`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

Deno.test("list and extract keep Latin-1 names exactly as GNU tar does", async () => {
  const dir = tempDir();
  await latin1Tree(`${dir}/src`);
  assert.equal((await run(["tar", "cf", "gnu.tar", "src"], { cwd: dir })).code, 0);
  const gnuList = await run(["tar", "tf", "gnu.tar"], { cwd: dir, env: { LC_ALL: "C" } });
  const ours = await tarz(["list", "gnu.tar"], { cwd: dir });
  assert.equal(ours.code, 0, ours.stderr);
  assert.deepEqual(ours.stdout.split("\n").sort(), gnuList.stdout.split("\n").sort());
  assert.match(ours.stdout, /^src\/caf\\351\.txt$/m);
  const x = await tarz(["extract", "gnu.tar", "-C", "x"], { cwd: dir });
  assert.equal(x.code, 0, x.stderr);
  assert.match(x.stderr, /4 files, 2 directories, 1 symlink,/, "a\\344 and a\\366 are two files");
  assert.equal(await listing(`${dir}/x/src`), await listing(`${dir}/src`));
  const json = (await tarz(["list", "--json", "gnu.tar"], { cwd: dir })).stdout.trim().split("\n")
    .map((l) => JSON.parse(l));
  const cafe = json.find((e) => e.name === "src/caf\\351.txt");
  assert.deepEqual([...atob(cafe.nameBase64)].map((c) => c.charCodeAt(0)).slice(-8), [
    0x63,
    0x61,
    0x66,
    0xe9,
    0x2e,
    0x74,
    0x78,
    0x74,
  ]);
  const link = json.find((e) => e.type === "symlink");
  assert.equal(link.linkname, "caf\\351.txt");
  assert.ok(link.linknameBase64);
});

Deno.test("create archives Latin-1 names that GNU tar and bsdtar read back byte for byte", async () => {
  const dir = tempDir();
  await latin1Tree(`${dir}/src`);
  const c = await tarz(["create", "src", "-o", "ours.tar"], { cwd: dir });
  assert.equal(c.code, 0, c.stderr);
  assert.doesNotMatch(c.stderr, /warning/);
  for (const [tool, args] of [["tar", ["xf"]], ["bsdtar", ["xf"]]] as const) {
    if (!has(tool)) continue;
    Deno.mkdirSync(`${dir}/${tool}`);
    const x = await run([tool, ...args, "../ours.tar"], { cwd: `${dir}/${tool}` });
    assert.equal(x.code, 0, `${tool}: ${x.stderr}`);
    assert.equal(x.stderr, "", tool);
    assert.equal(await listing(`${dir}/${tool}/src`), await listing(`${dir}/src`), tool);
  }
  const v = await tarz(["verify", "ours.tar", "--against", "."], { cwd: dir });
  assert.equal(v.code, 0, v.stdout + v.stderr);
  // rules match such names too
  const ex = await tarz(["create", "src", "-o", "ex.tar", "--exclude", "caf*", "--exclude", "d*"], {
    cwd: dir,
  });
  assert.equal(ex.code, 0, ex.stderr);
  const names = (await run(["tar", "tf", "ex.tar"], { cwd: dir, env: { LC_ALL: "C" } })).stdout;
  assert.equal(names, "src/\nsrc/a\\344\nsrc/a\\366\nsrc/l\\377\n");
});

Deno.test("extract over existing Latin-1 names keeps them unless told, and merges directories", async () => {
  const dir = tempDir();
  await latin1Tree(`${dir}/src`);
  assert.equal((await run(["tar", "cf", "gnu.tar", "src"], { cwd: dir })).code, 0);
  assert.equal((await tarz(["extract", "gnu.tar", "-C", "x"], { cwd: dir })).code, 0);
  await run(["sh", "-c", `printf 'mine' > "$(printf 'x/src/d\\366/in.txt')"`], { cwd: dir });
  const again = await tarz(["extract", "gnu.tar", "-C", "x"], { cwd: dir });
  assert.equal(again.code, 3, again.stderr);
  assert.match(again.stderr, /kept existing src\/d\\366\/in\.txt/);
  const mine = await run(["sh", "-c", `cat "$(printf 'x/src/d\\366/in.txt')"`], { cwd: dir });
  assert.equal(mine.stdout, "mine");
  const always = await tarz(["extract", "gnu.tar", "-C", "x", "--overwrite", "always"], {
    cwd: dir,
  });
  assert.equal(always.code, 0, always.stderr);
  const theirs = await run(["sh", "-c", `cat "$(printf 'x/src/d\\366/in.txt')"`], { cwd: dir });
  assert.equal(theirs.stdout, "in");
  assert.equal(await listing(`${dir}/x/src`), await listing(`${dir}/src`), "no placeholder left");
});

Deno.test("a Latin-1 name is named on the command line as list shows it, \\ooo", async () => {
  const dir = tempDir();
  await latin1Tree(`${dir}/src`);
  Deno.writeTextFileSync(
    `${dir}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["src"], output: "o.tar", exclude: ["caf*"] } } };`,
  );
  const why = await tarz(["explain", "src/caf\\351.txt"], { cwd: dir });
  assert.equal(why.code, 3, why.stderr);
  assert.match(why.stdout, /^excluded {2}src\/caf\\351\.txt by caf\*/m);
  const one = await tarz(["create", "src/caf\\351.txt", "-o", "one.tar"], { cwd: dir });
  assert.equal(one.code, 0, one.stderr);
  const x = await tarz(["extract", "-O", "one.tar", "src/caf\\351.txt"], { cwd: dir });
  assert.equal(x.code, 0, x.stderr);
  assert.equal(x.stdout, "cafe");
});

Deno.test("incremental backups restore Latin-1 names, and their deletions, exactly", async () => {
  const dir = tempDir();
  await latin1Tree(`${dir}/src`);
  Deno.writeTextFileSync(
    `${dir}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["src"], output: "b/{job}-{date}T{time}.tar", incremental: { fullEvery: 9 } } } };`,
  );
  const first = await tarz(["backup"], { cwd: dir, env: { TARZ_NOW: "2026-01-01T00:00:00Z" } });
  assert.equal(first.code, 0, first.stderr);
  const before = await listing(`${dir}/src`);
  await run(["sh", "-c", `rm -r "$(printf 'src/d\\366')" "$(printf 'src/a\\344')"`], { cwd: dir });
  const second = await tarz(["backup"], { cwd: dir, env: { TARZ_NOW: "2026-01-02T00:00:00Z" } });
  assert.equal(second.code, 0, second.stderr);
  const r = await tarz(["restore", "j", "-C", "now"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await listing(`${dir}/now/src`), await listing(`${dir}/src`));
  const then = await tarz(["restore", "j", "-C", "then", "--at", "2026-01-01T12:00:00Z"], {
    cwd: dir,
  });
  assert.equal(then.code, 0, then.stderr);
  assert.equal(await listing(`${dir}/then/src`), before);
});
