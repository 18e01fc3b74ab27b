/**
 * A GNU tar user's first minute: bundles (`czf`, `-xvf`, `tf`), `-f FILE`, `-T FILE`,
 * `-z`/`-j`/`-J`, member arguments and `-O`, checked against GNU tar itself.
 */
import assert from "node:assert/strict";
import { makeTree, run, snapshot, tarz, tempDir } from "./_helpers.ts";

function tree(): string {
  const dir = tempDir();
  makeTree(`${dir}/src`);
  return dir;
}

Deno.test("tarz czf, tf and xzf work as in GNU tar, both ways", async () => {
  const dir = tree();
  const c = await tarz(["czf", "a.tgz", "src"], { cwd: dir });
  assert.equal(c.code, 0, c.stderr);
  const gnuList = await run(["tar", "tzf", "a.tgz"], { cwd: dir });
  assert.equal(gnuList.code, 0, gnuList.stderr);
  const t = await tarz(["tf", "a.tgz"], { cwd: dir });
  assert.equal(t.code, 0, t.stderr);
  assert.deepEqual(t.stdout.split("\n").sort(), gnuList.stdout.split("\n").sort());
  // an archive GNU tar made, extracted with a dashed bundle
  assert.equal((await run(["tar", "cjf", "g.tar.bz2", "src"], { cwd: dir })).code, 0);
  Deno.mkdirSync(`${dir}/out`);
  const x = await tarz(["-xjvf", "g.tar.bz2", "-C", "out"], { cwd: dir });
  assert.equal(x.code, 0, x.stderr);
  assert.match(x.stderr, /src\/hello\.txt/);
  assert.deepEqual(snapshot(`${dir}/out/src`), snapshot(`${dir}/src`));
});

Deno.test("-f names the archive and -T reads the paths, as GNU tar's do", async () => {
  const dir = tree();
  Deno.writeTextFileSync(`${dir}/list.txt`, "src/hello.txt\nsrc/sub/binary.bin\n");
  const c = await tarz(["create", "-f", "a.tar.xz", "-T", "list.txt"], { cwd: dir });
  assert.equal(c.code, 0, c.stderr);
  const gnu = await run(["tar", "tJf", "a.tar.xz"], { cwd: dir });
  assert.equal(gnu.stdout, "src/hello.txt\nsrc/sub/binary.bin\n");
  // NUL-separated, from standard input, as find -print0 writes it
  // -z with a plain .tar name needs --force: the name would say tar
  const nul = await tarz(["create", "-z", "-f", "b.tar", "-T", "-", "--null", "--force"], {
    cwd: dir,
    stdin: new TextEncoder().encode("src/run.sh\0src/empty.txt\0"),
  });
  assert.equal(nul.code, 0, nul.stderr);
  const gz = await run(["tar", "tzf", "b.tar"], { cwd: dir });
  assert.equal(gz.stdout, "src/run.sh\nsrc/empty.txt\n", "-z made gzip under the name, as forced");
  const l = await tarz(["list", "-f", "b.tar", "src/run.sh"], { cwd: dir });
  assert.equal(l.stdout, "src/run.sh\n");
});

Deno.test("GNU habits that can't both hold are refused with a clear message", async () => {
  const dir = tree();
  const cases: [string[], RegExp][] = [
    [["create", "src", "-o", "a.tar", "-f", "b.tar"], /-o a\.tar and -f b\.tar name two archives/],
    [["create", "src", "-o", "a.tar", "-z", "-J"], /Two compressions asked for: gzip and xz/],
    [["czf", "a.tar", "src"], /a\.tar is named as tar, but gzip was asked for/],
    [
      ["create", "-o", "a.tar", "-T", "missing.txt"],
      /Cannot read the --files-from list missing\.txt/,
    ],
    [["extract"], /Missing the archive to read/],
    [["cqf", "a.tar", "src"], /unknown command 'cqf'/],
  ];
  for (const [args, message] of cases) {
    const r = await tarz(args, { cwd: dir });
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /bug in tarz/);
  }
});
