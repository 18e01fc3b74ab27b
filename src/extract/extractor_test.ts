import assert from "node:assert/strict";
import type { DecodedMember } from "../tar/reader.ts";
import { memberOf } from "../../tests/fixtures/members.ts";
import { Extractor } from "./extractor.ts";

const member = memberOf;

function setup(overrides: Partial<ConstructorParameters<typeof Extractor>[0]> = {}) {
  const dest = Deno.makeTempDirSync();
  const refused: string[] = [];
  const x = new Extractor({
    dest,
    onRefused: (m, why) => refused.push(`${m}: ${why}`),
    ...overrides,
  });
  return { dest, x, refused };
}

Deno.test("Extractor writes files, directories and links with safe modes and mtimes", async () => {
  const { dest, x, refused } = setup();
  await x.extract(member({ path: "d", type: "directory", mode: 0o777 }));
  await x.extract(member({ path: "d/run.sh", type: "file", mode: 0o4755 }, "#!/bin/sh\n"));
  await x.extract(member({ path: "d/link", type: "symlink", linkname: "run.sh" }));
  await x.extract(member({ path: "d/hard", type: "hardlink", linkname: "d/run.sh" }));
  x.finish();
  assert.deepEqual(refused, []);
  assert.equal(Deno.readTextFileSync(`${dest}/d/hard`), "#!/bin/sh\n");
  assert.equal(Deno.statSync(`${dest}/d/run.sh`).mode! & 0o7777, 0o755, "setuid cleared");
  assert.equal(Deno.statSync(`${dest}/d`).mode! & 0o777, 0o755, "group/other write cleared");
  assert.equal(Deno.readLinkSync(`${dest}/d/link`), "run.sh");
  assert.equal(Deno.statSync(`${dest}/d/run.sh`).mtime!.getTime(), 1_600_000_000_000);
  assert.deepEqual({ ...x.counts, bytes: 0 }, {
    files: 1,
    directories: 1,
    symlinks: 1,
    hardlinks: 1,
    refused: 0,
    refusedLinks: 0,
    kept: 0,
    bytes: 0,
  });
});

Deno.test("Extractor refuses a name that appears in a new directory while it runs", async () => {
  let dest = "";
  const { x, refused, dest: d } = setup({
    // another process (or a case-folding file system) takes the name behind tarz's back
    onExtracted: (e) => {
      if (e.path === "fresh") Deno.writeTextFileSync(`${dest}/fresh/taken`, "theirs");
    },
  });
  dest = d;
  await x.extract(member({ path: "fresh", type: "directory" }));
  await x.extract(member({ path: "fresh/taken", type: "file" }, "ours"));
  assert.equal(Deno.readTextFileSync(`${dest}/fresh/taken`), "theirs", "never replaced");
  assert.equal(refused.length, 1);
  assert.match(refused[0], /appeared while extracting/);
});

Deno.test("Extractor keeps existing files by default and replaces its own duplicates", async () => {
  const { dest, x } = setup();
  Deno.writeTextFileSync(`${dest}/old.txt`, "mine");
  const kept: string[] = [];
  const y = new Extractor({ dest, onKept: (p) => kept.push(p) });
  await y.extract(member({ path: "old.txt", type: "file" }, "archive"));
  assert.deepEqual(kept, ["old.txt"]);
  assert.equal(Deno.readTextFileSync(`${dest}/old.txt`), "mine");
  await x.extract(member({ path: "twice.txt", type: "file" }, "first"));
  await x.extract(member({ path: "twice.txt", type: "file" }, "second"));
  assert.equal(Deno.readTextFileSync(`${dest}/twice.txt`), "second");
});

Deno.test("Extractor never writes through a symlink, old or new", async () => {
  const { dest, x, refused } = setup();
  const outside = Deno.makeTempDirSync();
  Deno.symlinkSync(outside, `${dest}/old-link`);
  await x.extract(member({ path: "old-link/evil", type: "file" }, "x"));
  await x.extract(member({ path: "new-link", type: "symlink", linkname: "." }));
  await x.extract(member({ path: "new-link/evil", type: "file" }, "x"));
  assert.deepEqual([...Deno.readDirSync(outside)], []);
  assert.equal(refused.length, 2);
  assert.ok(refused.every((r) => /symlink/.test(r)));
});

/** Members enough to start the writer thread: `n` files of 100 bytes in `dir`. */
function many(dir: string, n: number): DecodedMember[] {
  const out = [member({ path: dir, type: "directory" })];
  for (let i = 0; i < n; i++) {
    out.push(member({ path: `${dir}/f${i}`, type: "file" }, `${dir} ${i} `.repeat(10)));
  }
  return out;
}

Deno.test("Extractor writes on its writer thread and reports members in archive order once on disk", async () => {
  const order: string[] = [];
  const { dest, x, refused } = setup({
    onExtracted: (_e, key) => {
      order.push(key);
      // reported means written: a file is complete when it is reported
      const st = Deno.lstatSync(`${dest}/${key}`);
      if (st.isFile) assert.equal(Deno.readTextFileSync(`${dest}/${key}`), `${key} `);
    },
  });
  const members = [
    ...many("a", 150),
    member({ path: "a/link", type: "symlink", linkname: "f3" }),
    member({ path: "a/../escape", type: "file" }, "x"),
    ...many("b", 150),
  ];
  // every file's content is its own name, so the callback can check it
  for (const m of members) {
    if (m.entry.type === "file") {
      const bytes = new TextEncoder().encode(`${m.entry.path} `);
      m.entry.size = bytes.length;
      m.bytes = () => Promise.resolve(bytes);
    }
  }
  for (const m of members) await x.extract(m);
  x.finish();
  const expected = members.map((m) => m.entry.path).filter((p) => !p.includes(".."));
  assert.deepEqual(order, expected);
  assert.equal(refused.length, 1);
  assert.equal(x.counts.files, 300);
  assert.equal(Deno.statSync(`${dest}/b/f149`).mtime!.getTime(), 1_600_000_000_000);
});

Deno.test("Extractor replaces a duplicate and links to files its writer may not have finished", async () => {
  const { dest, x, refused } = setup();
  for (const m of many("d", 100)) await x.extract(m);
  await x.extract(member({ path: "d/f99", type: "file" }, "second"));
  await x.extract(member({ path: "d/hard", type: "hardlink", linkname: "d/f98" }));
  await x.extract(member({ path: "d/f99/below", type: "file" }, "x"));
  x.finish();
  assert.equal(Deno.readTextFileSync(`${dest}/d/f99`), "second");
  assert.equal(Deno.readTextFileSync(`${dest}/d/hard`), "d 98 ".repeat(10));
  assert.equal(refused.length, 1);
  assert.match(refused[0], /d\/f99 is not a directory/);
});

Deno.test("Extractor refuses a name taken behind its writer thread's back, and never replaces it", async () => {
  const { dest, x, refused } = setup();
  for (const m of many("d", 100)) await x.extract(m);
  await x.extract(member({ path: "late", type: "directory" }));
  Deno.writeTextFileSync(`${dest}/late/taken`, "theirs");
  await x.extract(member({ path: "late/taken", type: "file" }, "ours"));
  x.finish();
  assert.equal(Deno.readTextFileSync(`${dest}/late/taken`), "theirs");
  assert.equal(refused.length, 1);
  assert.match(refused[0], /late\/taken appeared while extracting/);
  assert.equal(x.counts.files, 100);
});

Deno.test("Extractor fails with the writer thread's error, and removes a large file cut short", async () => {
  const { dest, x } = setup();
  for (const m of many("d", 100)) await x.extract(m);
  await x.extract(member({ path: "gone", type: "directory" }));
  Deno.removeSync(`${dest}/gone`);
  await assert.rejects(async () => {
    await x.extract(member({ path: "gone/file", type: "file" }, "x"));
    x.finish();
  }, Deno.errors.NotFound);

  const { dest: dest2, x: y } = setup();
  const big: DecodedMember = {
    ...member({ path: "big", type: "file" }),
    body: async function* () {
      yield new Uint8Array(1 << 20);
      throw new Error("damaged archive");
    },
  };
  big.entry.size = 4 << 20;
  await assert.rejects(() => y.extract(big), /damaged archive/);
  y.finish();
  assert.deepEqual([...Deno.readDirSync(dest2)], [], "no partial file");
});
