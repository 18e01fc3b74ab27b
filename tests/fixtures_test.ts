/**
 * The fixtures of tests/fixtures/, table-driven as Go's TestReader: every dialect read by the
 * decoder and extracted by the CLI, every hostile archive extracted by the CLI, each against
 * the expectation written beside it. They are built in the repo, so a fresh clone runs them.
 */
import assert from "node:assert/strict";
import { readTar } from "../src/tar/reader.ts";
import { dialectFixtures, type ExpectedMember } from "./fixtures/dialects.ts";
import { hostileFixtures } from "./fixtures/hostile.ts";
import { run, tempDir } from "./_helpers.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const dec = new TextDecoder();

/** The bytes a file of `m` holds once extracted. */
function contents(m: ExpectedMember): Uint8Array {
  if (typeof m.data === "string") return new TextEncoder().encode(m.data);
  const out = new Uint8Array(m.data!.size);
  for (const [off, text] of m.data!.sparse) out.set(new TextEncoder().encode(text), off);
  return out;
}

for (const f of dialectFixtures()) {
  Deno.test(`the decoder reads ${f.name}: ${f.about}`, async () => {
    const got: Record<string, unknown>[] = [];
    for await (const m of readTar(ReadableStream.from([f.bytes]))) {
      const e = m.entry;
      const stored = dec.decode(await m.bytes());
      got.push({
        path: e.path,
        type: e.type,
        ...(e.type === "file" ? { size: e.size } : {}),
        ...(e.linkname ? { linkname: e.linkname } : {}),
        ...(e.sparse ? { sparse: e.sparse.map((r) => [r.offset, r.length]) } : {}),
        stored,
        mtime: e.mtime,
      });
    }
    const want = f.members.map((m) => ({
      path: m.path,
      type: m.type,
      ...(m.type === "file" ? { size: m.size } : {}),
      ...(m.linkname ? { linkname: m.linkname } : {}),
      ...(typeof m.data === "object"
        ? { sparse: m.data.sparse.map(([o, t]) => [o, t.length]) }
        : {}),
      stored: typeof m.data === "object" ? m.data.sparse.map(([, t]) => t).join("") : m.data ?? "",
    }));
    assert.deepEqual(got.map(({ mtime: _, ...g }) => g), want);
    f.members.forEach((m, i) => {
      if (m.mtime !== undefined) assert.equal(got[i].mtime, m.mtime, `${m.path}: mtime`);
    });
  });

  Deno.test(`tarz extracts ${f.name} to the expected files`, async () => {
    const dir = tempDir();
    Deno.writeFileSync(`${dir}/a.tar`, f.bytes);
    const r = await run([Deno.execPath(), "run", "-A", MAIN, "extract", "a.tar", "-C", "x"], {
      cwd: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    for (const m of f.members) {
      const p = `${dir}/x/${m.path}`;
      const info = Deno.lstatSync(p);
      if (m.type === "directory") assert.ok(info.isDirectory, m.path);
      else if (m.type === "symlink") assert.equal(Deno.readLinkSync(p), m.linkname);
      else if (m.type === "hardlink") {
        assert.equal(info.ino, Deno.lstatSync(`${dir}/x/${m.linkname}`).ino, m.path);
      } else assert.deepEqual(Deno.readFileSync(p), contents(m), m.path);
    }
  });
}

for (const f of hostileFixtures()) {
  Deno.test(`tarz contains ${f.name}: ${f.about}`, async () => {
    const dir = tempDir();
    Deno.mkdirSync(`${dir}/canary`);
    Deno.writeTextFileSync(`${dir}/canary/canary.txt`, "canary");
    Deno.mkdirSync(`${dir}/x`);
    Deno.writeFileSync(`${dir}/a.tar`, f.bytes);
    const r = await run(
      [Deno.execPath(), "run", "-A", MAIN, "extract", "a.tar", "-C", "x", ...(f.args ?? [])],
      { cwd: dir },
    );
    assert.equal(r.code, f.exit, r.stderr);
    assert.doesNotMatch(r.stderr, /bug in tarz|\n\s+at /, "a clear message, no stack");
    if (f.says) assert.match(r.stderr, f.says);
    // nothing outside the destination changed
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "a.tar",
      "canary",
      "x",
    ]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/canary`)].map((e) => e.name), ["canary.txt"]);
    assert.equal(Deno.readTextFileSync(`${dir}/canary/canary.txt`), "canary");
    const inside: string[] = [];
    const walk = (d: string, rel: string) => {
      for (const e of Deno.readDirSync(d)) {
        const r2 = rel ? `${rel}/${e.name}` : e.name;
        inside.push(r2);
        if (e.isDirectory) walk(`${d}/${e.name}`, r2);
      }
    };
    walk(`${dir}/x`, "");
    assert.deepEqual(inside.sort(), [...f.inside].sort(), "what is left in the destination");
  });
}

Deno.test("make_fixtures writes each archive with its expectation beside it", async () => {
  const { writeFixtures } = await import("./fixtures/make_fixtures.ts");
  const dir = tempDir();
  const n = writeFixtures(dir);
  assert.equal(n, dialectFixtures().length + hostileFixtures().length);
  const expect = JSON.parse(Deno.readTextFileSync(`${dir}/hostile/dotdot-path.json`));
  assert.equal(expect.exit, 3);
  // GNU tar reads the dialect archives the same way
  const listed = await run(["tar", "-tf", `${dir}/dialects/gnu-long-names.tar`]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /long-name\.txt\nlink\n/);
});
