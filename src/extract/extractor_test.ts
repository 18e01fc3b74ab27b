import assert from "node:assert/strict";
import type { DecodedMember } from "../tar/decode.ts";
import { makeEntry, type TarEntry } from "../tar/entry.ts";
import { Extractor } from "./extractor.ts";

function member(
  fields: Partial<TarEntry> & Pick<TarEntry, "path" | "type">,
  data = "",
): DecodedMember {
  const bytes = new TextEncoder().encode(data);
  return {
    entry: makeEntry({ size: bytes.length, mtime: 1_600_000_000, ...fields }),
    offset: 0,
    storedSize: fields.type === "file" ? bytes.length : 0,
    body: async function* () {
      if (bytes.length) yield bytes;
    },
    bytes: () => Promise.resolve(bytes),
  };
}

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
