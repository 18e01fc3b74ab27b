/** End-to-end tests of `tarz create` through the real CLI. */
import assert from "node:assert/strict";
import { makeTree, run, tarz, tempDir } from "./_helpers.ts";

function src(): string {
  const dir = tempDir();
  makeTree(`${dir}/src`);
  return dir;
}

Deno.test("create --reproducible gives byte-identical archives across runs and clock changes", async () => {
  const dir = src();
  const args = ["create", "src", "--reproducible", "--mtime", "2024-01-01", "--progress", "none"];
  assert.equal((await tarz([...args, "-o", "a.tar.gz"], { cwd: dir })).code, 0);
  // a later mtime, still past the clamp: the archive must not change
  const later = new Date(Date.now() + 3_600_000);
  Deno.utimeSync(`${dir}/src/sub/deeper/café ünï 日本語.txt`, later, later);
  assert.equal((await tarz([...args, "-o", "b.tar.gz"], { cwd: dir })).code, 0);
  assert.deepEqual(Deno.readFileSync(`${dir}/a.tar.gz`), Deno.readFileSync(`${dir}/b.tar.gz`));
  const listing = (await run(["tar", "-tvzf", `${dir}/a.tar.gz`])).stdout;
  assert.match(listing, /0\/0 .* 2024-01-01 00:00 src\/sub\/deeper\//);
  assert.match(listing, /0\/0 .* 2020-09-13 12:26 src\/hello\.txt/);
});

Deno.test("create honours SOURCE_DATE_EPOCH in reproducible mode", async () => {
  const dir = src();
  const r = await tarz(["create", "src", "--reproducible", "-o", "a.tar", "--progress", "none"], {
    cwd: dir,
    env: { SOURCE_DATE_EPOCH: "86400" },
  });
  assert.equal(r.code, 0);
  assert.match(
    (await run(["tar", "-tvf", `${dir}/a.tar`])).stdout,
    /1970-01-02 00:00 src\/hello\.txt/,
  );
});

Deno.test("create writes to stdout with --format and strips a leading slash with a note", async () => {
  const dir = src();
  const r = await run([
    "sh",
    "-c",
    `${Deno.execPath()} run -A ${
      new URL("../main.ts", import.meta.url).pathname
    } create ${dir}/src/hello.txt -o - --format gzip --progress none | tar -tzf -`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `${dir.slice(1)}/src/hello.txt`);
  assert.match(r.stderr, /Removing leading "\/"/);
});

Deno.test("create --dry-run -v lists included and excluded paths with the rule, and writes nothing", async () => {
  const dir = src();
  const r = await tarz(["create", "src", "-o", "x.tar", "-n", "-v", "--exclude", "*.bin"], {
    cwd: dir,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^exclude {2}src\/sub\/binary\.bin {2}\(\*\.bin from --exclude\)$/m);
  assert.match(r.stdout, /^include {2}src\/hello\.txt$/m);
  assert.throws(() => Deno.statSync(`${dir}/x.tar`));
});

Deno.test("create --exclude-vcs and --exclude-from leave files out", async () => {
  const dir = src();
  Deno.mkdirSync(`${dir}/src/.git`);
  Deno.writeTextFileSync(`${dir}/src/.git/HEAD`, "ref");
  Deno.writeTextFileSync(`${dir}/ex.txt`, "# comment\n*.sh\n");
  const r = await tarz(
    [
      "create",
      "src",
      "-o",
      "a.tar",
      "--exclude-vcs",
      "--exclude-from",
      "ex.txt",
      "--progress",
      "none",
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const names = (await run(["tar", "-tf", `${dir}/a.tar`])).stdout;
  assert.doesNotMatch(names, /\.git|run\.sh/);
  assert.match(names, /hello\.txt/);
});

Deno.test("create never archives its own output", async () => {
  const dir = src();
  const r = await tarz(["create", ".", "-o", "self.tar", "--progress", "none"], {
    cwd: `${dir}/src`,
  });
  assert.equal(r.code, 0, r.stderr);
  const names = (await run(["tar", "-tf", `${dir}/src/self.tar`])).stdout;
  assert.doesNotMatch(names, /self\.tar|partial/);
});

Deno.test("create --json prints one summary object with the statistics", async () => {
  const dir = src();
  const r = await tarz(["create", "src", "-o", "a.tar.zst", "--json", "--progress", "none"], {
    cwd: dir,
  });
  const s = JSON.parse(r.stdout);
  assert.equal(s.format, "zstd");
  assert.equal(s.files, 8);
  assert.equal(s.hardlinks, 1);
  assert.ok(s.bytesOut > 0 && s.ratio < 1);
});

Deno.test("create --progress json writes NDJSON events ending with the summary", async () => {
  const dir = src();
  const r = await tarz(["create", "src", "-o", "a.tar", "--progress", "json"], { cwd: dir });
  const lines = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.at(-1).event, "summary");
});

Deno.test("create skips a FIFO with a warning and exits 3 (partial)", async () => {
  const dir = src();
  await run(["mkfifo", `${dir}/src/pipe`]);
  const r = await tarz(["create", "src", "-o", "a.tar", "--progress", "none"], { cwd: dir });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /src\/pipe: fifo skipped \(use --special-files to keep it\)/);
});

Deno.test("create --use-compress-program pipes through the command and says so", async () => {
  const dir = src();
  const r = await tarz(["create", "src", "-o", "a.tar.gz", "-I", "gzip -1"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /program: gzip -1/);
  assert.equal((await run(["tar", "-tzf", `${dir}/a.tar.gz`])).code, 0);
});

const errors: [string, string[], number, RegExp][] = [
  [
    "a missing source",
    ["create", "nope", "-o", "a.tar"],
    2,
    /Cannot archive nope: no such file or directory\nhint: /,
  ],
  [
    "an out-of-range level",
    ["create", "src", "-o", "a.tar.gz", "--level", "12"],
    2,
    /gzip level must be an integer from 1 to 9, got 12/,
  ],
  [
    "a level on plain tar",
    ["create", "src", "-o", "a.tar", "--level", "3"],
    2,
    /plain \.tar has no compression level/,
  ],
  ["an unknown option", ["create", "src", "-o", "a.tar", "--bogus"], 2, /unknown option '--bogus'/],
  [
    "an unknown format",
    ["create", "src", "-o", "a.tar", "--format", "zip"],
    2,
    /Allowed choices are tar, gzip/,
  ],
  [
    "stdout without --format",
    ["create", "src", "-o", "-"],
    2,
    /Cannot tell the format when writing to standard output\nhint: pass --format/,
  ],
  ["an unknown extension", ["create", "src", "-o", "a.zip"], 2, /Cannot tell the format of a\.zip/],
  [
    "a bad pattern",
    ["create", "src", "-o", "a.tar", "--exclude", "[abc"],
    2,
    /bad pattern "\[abc" from --exclude/,
  ],
  [
    "a backwards glob range",
    ["create", "src", "-o", "a.tar", "--exclude", "[z-a]"],
    2,
    /the range z-a is backwards, so it matches nothing/,
  ],
  [
    "a format the output's name contradicts",
    ["create", "src", "-o", "a.tar.zst", "--format", "gzip"],
    2,
    /a\.tar\.zst is named as zstd, but gzip was asked for\nhint: name it a\.tar\.gz, or pass --force/,
  ],
  [
    "an unwritable output directory",
    ["create", "src", "-o", "/nonexistent/dir/a.tar"],
    1,
    /Cannot write \/nonexistent\/dir\/a\.tar: its directory does not exist/,
  ],
  [
    "a bad --mtime",
    ["create", "src", "-o", "a.tar", "--mtime", "someday"],
    2,
    /expected seconds since 1970 or an ISO date/,
  ],
];
for (const [what, args, code, message] of errors) {
  Deno.test(`create rejects ${what} with exit ${code} and a one-line message`, async () => {
    const dir = src();
    const r = await tarz([...args, "--progress", "none"], { cwd: dir });
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["src"], "nothing left behind");
  });
}

Deno.test("create refuses to overwrite an existing output without --force", async () => {
  const dir = src();
  Deno.writeTextFileSync(`${dir}/a.tar`, "precious");
  const r = await tarz(["create", "src", "-o", "a.tar"], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.tar: it already exists\nhint: pass --force/);
  assert.equal(Deno.readTextFileSync(`${dir}/a.tar`), "precious");
  assert.equal((await tarz(["create", "src", "-o", "a.tar", "--force"], { cwd: dir })).code, 0);
});

Deno.test("create fails with exit 1 and leaves nothing when the disk is full", async () => {
  const dir = src();
  // /dev/full answers every write with ENOSPC; the atomic sink must not leave a partial file
  const r = await tarz(["create", "src", "-o", "-", "--format", "tar", "--progress", "none"], {
    cwd: dir,
    env: {},
  });
  assert.equal(r.code, 0);
  const full = await run([
    "sh",
    "-c",
    `${Deno.execPath()} run -A ${
      new URL("../main.ts", import.meta.url).pathname
    } create src -o - --format tar --progress none > /dev/full`,
  ], { cwd: dir });
  assert.equal(full.code, 1, full.stderr);
  assert.match(full.stderr, /No space left|no space left/);
});

Deno.test("create after a kill -9 removes the partial file the killed run left, and says so", async () => {
  const dir = src();
  const fifo = `${dir}/started`;
  await run(["mkfifo", fifo]);
  // the compress program reports that the run is under way, then takes whatever comes
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../main.ts", import.meta.url).pathname,
      "create",
      "src",
      "-o",
      "out/a.tar.x",
      "--use-compress-program",
      `echo go > ${fifo}; cat`,
      "--progress",
      "none",
    ],
    cwd: dir,
    stdout: "null",
    stderr: "null",
  }).spawn();
  Deno.mkdirSync(`${dir}/out`);
  assert.equal((await Deno.readTextFile(fifo)).trim(), "go");
  const partial = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name);
  assert.equal(partial.length, 1);
  assert.match(partial[0], /^\.a\.tar\.x\.tarz-.*\.partial$/);
  child.kill("SIGKILL");
  await child.status;
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), partial);
  const next = await tarz(["create", "src", "-o", "out/b.tar"], { cwd: dir });
  assert.equal(next.code, 0, next.stderr);
  assert.match(
    next.stderr,
    new RegExp(
      `removed out/${
        partial[0].replaceAll(".", "\\.")
      } \\(.*\\), left by an interrupted run: its writer, pid ${child.pid}, is gone`,
    ),
  );
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["b.tar"]);
});
