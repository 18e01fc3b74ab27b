/**
 * Interop: archives tarz writes are read by GNU tar and bsdtar, and tarz reads theirs,
 * for every format they share; the trees must match exactly (names, types, sizes, modes,
 * mtimes, link targets, content).
 */
import assert from "node:assert/strict";
import { has, makeTree, run, snapshot, tarz, tempDir } from "./_helpers.ts";

const FORMATS: [string, string, string][] = [
  // [extension, GNU tar flag, bsdtar flag]
  ["tar", "", ""],
  ["tar.gz", "-z", "-z"],
  ["tar.zst", "--zstd", "--zstd"],
  ["tar.xz", "-J", "-J"],
  ["tar.bz2", "-j", "-j"],
];

function fixture(): { dir: string; want: string[] } {
  const dir = tempDir();
  makeTree(`${dir}/src`);
  return { dir, want: snapshot(`${dir}/src`) };
}

for (const [ext] of FORMATS) {
  Deno.test(`GNU tar and bsdtar extract a .${ext} written by tarz identically to the source`, async () => {
    const { dir, want } = fixture();
    const r = await tarz(["create", "src", "-o", `out.${ext}`, "--progress", "none"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    for (const tool of ["tar", "bsdtar"]) {
      if (!has(tool)) continue;
      const dest = `${dir}/${tool}`;
      Deno.mkdirSync(dest);
      const x = await run([tool, "-xpf", `${dir}/out.${ext}`, "-C", dest]);
      assert.equal(x.code, 0, `${tool}: ${x.stderr}`);
      assert.deepEqual(snapshot(`${dest}/src`), want, tool);
    }
    const listing = await run(["tar", "-tvf", `${dir}/out.${ext}`]);
    assert.equal(listing.code, 0);
    assert.match(listing.stdout, /src\/sub\/hardlink\.txt link to src\/hello\.txt/);
  });
}

Deno.test("GNU tar extracts a tree of many small files, read ahead by a second thread, exactly", async () => {
  const dir = tempDir();
  for (let d = 0; d < 6; d++) {
    Deno.mkdirSync(`${dir}/src/d${d}`, { recursive: true });
    for (let i = 0; i < 100; i++) {
      const bytes = new Uint8Array(1 + (d * 100 + i) * 37 % 5000).fill(d * 100 + i);
      Deno.writeFileSync(`${dir}/src/d${d}/f${i}`, bytes);
    }
  }
  const want = snapshot(`${dir}/src`);
  const r = await tarz(["create", "src", "-o", "out.tar", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  Deno.mkdirSync(`${dir}/x`);
  const x = await run(["tar", "-xpf", `${dir}/out.tar`, "-C", `${dir}/x`]);
  assert.equal(x.code, 0, x.stderr);
  assert.deepEqual(snapshot(`${dir}/x/src`), want);
});

Deno.test("tarz extracts archives written by GNU tar and bsdtar in every format", async () => {
  const { dir, want } = fixture();
  for (const [ext, gnuFlag, bsdFlag] of FORMATS) {
    for (
      const [tool, flag, fmt] of [["tar", gnuFlag, "--format=posix"], [
        "bsdtar",
        bsdFlag,
        "--format=pax",
      ]]
    ) {
      if (!has(tool)) continue;
      const archive = `${dir}/${tool}.${ext}`;
      const c = await run([tool, ...(flag ? [flag] : []), fmt, "-cf", archive, "src"], {
        cwd: dir,
      });
      assert.equal(c.code, 0, c.stderr);
      const dest = `${dir}/x-${tool}-${ext}`;
      const r = await tarz(["extract", archive, "-C", dest, "--progress", "none"]);
      assert.equal(r.code, 0, `${tool} ${ext}: ${r.stderr}`);
      // the safety filter keeps these modes (no setid, no group/other write in the tree)
      assert.deepEqual(snapshot(`${dest}/src`), want, `${tool} ${ext}`);
    }
  }
});

Deno.test("tarz lists what GNU tar lists for a GNU-format archive", async () => {
  const { dir } = fixture();
  await run(["tar", "--format=gnu", "-cf", `${dir}/g.tar`, "src"], { cwd: dir });
  const gnu = (await run(["tar", "-tf", `${dir}/g.tar`])).stdout.trim().split("\n");
  const ours = (await tarz(["list", `${dir}/g.tar`])).stdout.trim().split("\n");
  assert.deepEqual(ours, gnu);
});

Deno.test("a brotli archive round-trips through tarz", async () => {
  const { dir, want } = fixture();
  assert.equal(
    (await tarz(["create", "src", "-o", "o.tar.br", "--progress", "none"], { cwd: dir })).code,
    0,
  );
  const r = await tarz(["extract", `${dir}/o.tar.br`, "-C", `${dir}/br`, "--progress", "none"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(snapshot(`${dir}/br/src`), want);
});

Deno.test("GNU tar reads gzip members and zstd frames written in parallel by --threads 2", async () => {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  // 40 MiB of compressible text: several gzip members and three zstd frames
  const line = new TextEncoder().encode("tarz parallel block compression test line\n");
  const big = new Uint8Array(40 << 20);
  for (let o = 0; o < big.length; o += line.length) big.set(line.subarray(0, big.length - o), o);
  for (let i = 0; i < big.length; i += 4099) big[i] = i % 251;
  Deno.writeFileSync(`${dir}/src/big.txt`, big);
  const want = snapshot(`${dir}/src`);
  for (const [ext, flag] of [["tar.gz", "-z"], ["tar.zst", "--zstd"]]) {
    const outs: Uint8Array[] = [];
    for (const threads of ["1", "2"]) {
      const out = `${dir}/t${threads}.${ext}`;
      const r = await tarz(
        ["create", "src", "-o", out, "--threads", threads, "--progress", "none"],
        {
          cwd: dir,
        },
      );
      assert.equal(r.code, 0, r.stderr);
      if (threads === "2") assert.match(r.stderr, /2 threads/);
      outs.push(Deno.readFileSync(out));
      const dest = `${dir}/x-${threads}-${ext}`;
      Deno.mkdirSync(dest);
      const x = await run(["tar", flag, "-xpf", out, "-C", dest]);
      assert.equal(x.code, 0, x.stderr);
      assert.deepEqual(snapshot(`${dest}/src`), want, `${ext} threads ${threads}`);
    }
    assert.notDeepEqual(outs[0], outs[1], "parallel output is cut into blocks");
    const ratio = outs[1].length / outs[0].length;
    assert.ok(ratio < 1.01, `${ext}: parallel output ${ratio} × single stream`);
  }
});
