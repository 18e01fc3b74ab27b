/**
 * Property-based fuzzing of the reader and the extractor (fast-check). Valid archives in
 * several dialects and compressions are mutated (byte flips, hostile header fields,
 * truncation, duplicated and spliced ranges) and fed to list and extract. Each case must:
 *   1. end in success or a clean tarz error (a TarzError, never a crash or a TypeError);
 *   2. write nothing outside the destination, and leave no link in it that points out;
 *   3. finish within a bounded time.
 * CI runs TARZ_FUZZ_RUNS cases (default 300); `deno task fuzz` runs 5000 (set TARZ_FUZZ_SEED for a new sequence).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { createArchive } from "../src/create/create_archive.ts";
import { TarzError } from "../src/errors.ts";
import { extractArchive } from "../src/extract/extract_archive.ts";
import { listArchive } from "../src/read/list_archive.ts";
import { concatBytes } from "../src/util/bytes.ts";
import { has, run, tempDir } from "./_helpers.ts";

const RUNS = Number(Deno.env.get("TARZ_FUZZ_RUNS") ?? 300);
const CASE_TIMEOUT_MS = 20_000;

/** A small tree whose archive is mostly headers, so mutations land on metadata. */
function seedTree(root: string): void {
  Deno.mkdirSync(`${root}/src/sub/deeper`, { recursive: true });
  Deno.writeTextFileSync(`${root}/src/a.txt`, "alpha\n".repeat(30));
  Deno.writeTextFileSync(`${root}/src/sub/b.txt`, "bravo\n");
  Deno.writeTextFileSync(`${root}/src/sub/deeper/${"long".repeat(40)}.txt`, "long\n");
  Deno.writeTextFileSync(`${root}/src/empty`, "");
  Deno.symlinkSync("a.txt", `${root}/src/link`);
  Deno.symlinkSync("../a.txt", `${root}/src/sub/up`);
  Deno.linkSync(`${root}/src/a.txt`, `${root}/src/sub/hard`);
  const sparse = Deno.openSync(`${root}/src/sparse.bin`, { write: true, create: true });
  sparse.truncateSync(64 << 10);
  sparse.seekSync(20_000, Deno.SeekMode.Start);
  sparse.writeSync(new TextEncoder().encode("data in the middle"));
  sparse.close();
}

async function makeSeeds(): Promise<Uint8Array[]> {
  const dir = tempDir();
  seedTree(dir);
  const seeds: Uint8Array[] = [];
  for (const out of ["s.tar", "s.tar.gz", "s.tar.zst"]) {
    await createArchive({ sources: ["src"], cwd: dir, output: `${dir}/${out}` });
    seeds.push(Deno.readFileSync(`${dir}/${out}`));
  }
  if (has("tar")) {
    for (const format of ["gnu", "pax", "v7"]) {
      const out = `${dir}/${format}.tar`;
      const sparse = format === "v7" ? [] : ["-S"];
      const r = await run(["tar", `--format=${format}`, ...sparse, "-cf", out, "-C", dir, "src"]);
      if (r.code === 0) seeds.push(Deno.readFileSync(out));
    }
  }
  Deno.removeSync(dir, { recursive: true });
  return seeds;
}

type Mutation =
  | { kind: "byte"; at: number; value: number }
  | { kind: "field"; block: number; field: number; text: string }
  | { kind: "truncate"; at: number }
  | { kind: "repeat"; at: number; length: number; times: number }
  | { kind: "splice"; from: number; to: number; length: number };

// offsets of the ustar header fields: name, mode, uid, size, mtime, chksum, typeflag,
// linkname, magic, uname, prefix
const FIELDS = [0, 100, 108, 124, 136, 148, 156, 157, 257, 265, 345];
const HOSTILE = [
  "../../escape",
  "/etc/passwd",
  "a/../../b",
  "..",
  "src/link/through",
  "77777777777",
  "-1",
  "99999999999",
  "\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01",
  "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
  "30 path=../../x\n",
  "99999999999 size=1\n",
  "0",
  "1",
  "2",
  "5",
  "L",
  "K",
  "S",
  "x",
  "g",
  "",
  "\0",
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("byte" as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("field" as const),
    block: fc.nat(200),
    field: fc.constantFrom(...FIELDS),
    text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 2048 }),
    times: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    kind: fc.constant("splice" as const),
    from: fc.nat(),
    to: fc.nat(),
    length: fc.integer({ min: 1, max: 4096 }),
  }),
);

function apply(data: Uint8Array, m: Mutation): Uint8Array {
  const n = data.length;
  if (n === 0) return data;
  switch (m.kind) {
    case "byte": {
      const out = data.slice();
      out[m.at % n] = m.value;
      return out;
    }
    case "field": {
      const out = data.slice();
      const start = ((m.block * 512) % n) - ((m.block * 512) % n) % 512 + m.field;
      const bytes = new Uint8Array([...m.text].map((c) => c.charCodeAt(0) & 0xff));
      out.set(bytes.subarray(0, Math.max(0, n - start)), Math.min(start, n));
      return out;
    }
    case "truncate":
      return data.subarray(0, m.at % n);
    case "repeat": {
      const at = m.at % n;
      const piece = data.subarray(at, at + m.length);
      const parts = [data.subarray(0, at), ...Array(m.times).fill(piece), data.subarray(at)];
      return concatBytes(parts);
    }
    case "splice": {
      const piece = data.subarray(m.from % n, (m.from % n) + m.length);
      const to = m.to % n;
      return concatBytes([data.subarray(0, to), piece, data.subarray(to + piece.length)]);
    }
  }
}

/** Every path under `root`, relative, with symlink targets. */
function inventory(root: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (rel: string) => {
    for (const e of Deno.readDirSync(rel ? `${root}/${rel}` : root)) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      seen.set(p, e.isSymlink ? `-> ${Deno.readLinkSync(`${root}/${p}`)}` : "");
      if (e.isDirectory) visit(p);
    }
  };
  visit("");
  return seen;
}

async function bounded<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${CASE_TIMEOUT_MS} ms`)),
      CASE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function cleanly(what: string, work: Promise<unknown>): Promise<void> {
  try {
    await bounded(what, work);
  } catch (e) {
    if (e instanceof TarzError) return;
    throw new Error(`${what} failed uncleanly: ${(e as Error)?.stack ?? e}`);
  }
}

Deno.test("mutated archives list and extract cleanly, in bounded time, inside the destination", async () => {
  const seeds = await makeSeeds();
  const root = tempDir();
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.nat(seeds.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      async (which, mutations) => {
        const dir = `${root}/case-${n++}`;
        Deno.mkdirSync(`${dir}/dest`, { recursive: true });
        Deno.mkdirSync(`${dir}/outside`);
        Deno.writeTextFileSync(`${dir}/outside/keep`, "untouched");
        const archive = `${dir}/in.tar`;
        Deno.writeFileSync(archive, mutations.reduce(apply, seeds[which]));

        await cleanly("list", listArchive(archive));
        await cleanly(
          "extract",
          extractArchive({ archive, dest: `${dir}/dest`, maxBytes: 64 << 20, onWarning: () => {} }),
        );

        const all = inventory(dir);
        for (const p of all.keys()) {
          assert.ok(
            p === "in.tar" || p === "dest" || p.startsWith("dest/") || p.startsWith("outside"),
            `extract wrote outside the destination: ${p}`,
          );
        }
        assert.deepEqual([...inventory(`${dir}/outside`)], [["keep", ""]]);
        assert.equal(Deno.readTextFileSync(`${dir}/outside/keep`), "untouched");
        for (const [p, target] of inventory(`${dir}/dest`)) {
          if (!target) continue;
          const link = target.slice(3);
          assert.ok(!link.startsWith("/"), `absolute symlink ${p} ${target}`);
          const depth = p.split("/").length - 1;
          let level = depth;
          for (const part of link.split("/")) {
            level += part === ".." ? -1 : part === "." || part === "" ? 0 : 1;
            assert.ok(level >= 0, `symlink ${p} ${target} climbs out of the destination`);
          }
        }
        Deno.removeSync(dir, { recursive: true });
      },
    ),
    { numRuns: RUNS, seed: Number(Deno.env.get("TARZ_FUZZ_SEED") ?? 20261125) },
  );
  Deno.removeSync(root, { recursive: true });
});
