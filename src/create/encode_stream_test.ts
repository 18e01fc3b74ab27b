import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readTar } from "../tar/reader.ts";
import { makeEntry } from "../tar/entry.ts";
import { concatBytes } from "../util/bytes.ts";
import { encodeEntries, LOOKAHEAD } from "./encode_stream.ts";
import type { PlannedEntry } from "./plan.ts";

function file(dir: string, name: string, size: number, planned = size): PlannedEntry {
  Deno.writeFileSync(`${dir}/${name}`, new Uint8Array(size).fill(65));
  return {
    entry: makeEntry({ path: name, type: "file", size: planned }),
    fsPath: `${dir}/${name}`,
  };
}

async function members(chunks: AsyncIterable<Uint8Array>) {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice());
  const out: [string, number, string][] = [];
  for await (const m of readTar(ReadableStream.from([concatBytes(parts)]))) {
    const body: Uint8Array[] = [];
    for await (const c of m.body()) body.push(c);
    const data = concatBytes(body);
    out.push([m.entry.path, m.entry.size, new TextDecoder().decode(data.subarray(0, 3))]);
  }
  return out;
}

Deno.test("encodeEntries skips a vanished or unreadable file with a warning and goes on", async () => {
  const d = Deno.makeTempDirSync();
  const good = file(d, "good", 10);
  const gone = { ...file(d, "gone", 10) };
  Deno.removeSync(gone.fsPath);
  const big = file(d, "big-gone", 2 << 20);
  Deno.removeSync(big.fsPath);
  Deno.mkdirSync(`${d}/a-dir`);
  const unreadable: PlannedEntry = {
    entry: makeEntry({ path: "not-a-file", type: "file", size: 5 }),
    fsPath: `${d}/a-dir`,
  };
  const warnings: string[] = [];
  const got = await members(
    encodeEntries([gone, big, unreadable, good], { onWarning: (w) => warnings.push(w) }),
  );
  assert.deepEqual(got, [["good", 10, "AAA"]]);
  assert.deepEqual(warnings.slice(0, 2), [
    "gone: vanished before it could be read; skipped",
    "big-gone: vanished before it could be read; skipped",
  ]);
  assert.match(warnings[2], /^not-a-file: .*; skipped$/);
});

Deno.test("encodeEntries stores what a changed file holds now, or pads a shrunk large file", async () => {
  const d = Deno.makeTempDirSync();
  const grew = file(d, "grew", 300, 100); // small: the header follows the new size
  const shrank = file(d, "shrank", 1 << 20, 3 << 20); // large: header already out, zeros pad
  const warnings: string[] = [];
  const got = await members(encodeEntries([grew, shrank], { onWarning: (w) => warnings.push(w) }));
  assert.deepEqual(got, [["grew", 300, "AAA"], ["shrank", 3 << 20, "AAA"]]);
  assert.deepEqual(warnings, [
    "grew: file changed as we read it (size 100 → 300)",
    `shrank: file shrank while being read; ${2 << 20} bytes padded with zeros`,
  ]);
});

Deno.test("encodeEntries uses replacement content, reports digests, and reuses buffers safely", async () => {
  const d = Deno.makeTempDirSync();
  const plain = file(d, "plain", 5);
  const large = file(d, "large", 3 << 20);
  const replaced = { ...file(d, "secret", 20), content: new TextEncoder().encode("xyz") };
  replaced.entry.size = 3;
  const digests = new Map<string, string>();
  const a = await members(encodeEntries([plain, large, replaced], { digests }));
  const b = await members(encodeEntries([plain, large, replaced], { reuseBuffers: true }));
  assert.deepEqual(a, [["plain", 5, "AAA"], ["large", 3 << 20, "AAA"], ["secret", 3, "xyz"]]);
  assert.deepEqual(b, a);
  assert.equal(digests.get("secret"), createHash("sha256").update("xyz").digest("hex"));
  assert.equal(
    digests.get("large"),
    createHash("sha256").update(new Uint8Array(3 << 20).fill(65)).digest("hex"),
  );
});

Deno.test("encodeEntries writes the same bytes whether a second thread reads ahead or not", async () => {
  const dir = Deno.makeTempDirSync();
  const entries: PlannedEntry[] = [];
  for (let i = 0; i < 400; i++) {
    const bytes = new Uint8Array(1 + (i * 131) % 9000).fill(i & 0xff);
    Deno.writeFileSync(`${dir}/f${i}`, bytes);
    entries.push({
      entry: makeEntry({ path: `f${i}`, type: "file", size: bytes.length }),
      fsPath: `${dir}/f${i}`,
    });
  }
  Deno.removeSync(`${dir}/f123`); // vanished: skipped with a warning either way
  const run = async (readAhead: boolean) => {
    const warnings: string[] = [];
    const parts: Uint8Array[] = [];
    const stream = encodeEntries(entries, { readAhead, onWarning: (w) => warnings.push(w) });
    for await (const c of stream) parts.push(c.slice());
    return { bytes: concatBytes(parts), warnings };
  };
  const [ahead, alone] = [await run(true), await run(false)];
  assert.deepEqual(ahead.warnings, alone.warnings);
  assert.equal(ahead.warnings.length, 1);
  assert.ok(
    ahead.bytes.every((b, i) => b === alone.bytes[i]) && ahead.bytes.length === alone.bytes.length,
  );
});

Deno.test("encodeEntries pulls a lazy plan only a bounded distance ahead of what it writes", async () => {
  let pulled = 0;
  const content = new Uint8Array(512).fill(66);
  function* plan(): Generator<PlannedEntry> {
    for (let i = 0; i < 20_000; i++) {
      pulled++;
      yield { entry: makeEntry({ path: `f${i}`, type: "file", size: 512 }), fsPath: "", content };
    }
  }
  const pulledAtChunk: number[] = [];
  let bytes = 0;
  for await (const c of encodeEntries(plan())) {
    pulledAtChunk.push(pulled);
    bytes += c.length;
  }
  assert.equal(bytes, 20_000 * 1024 + 1024);
  // the first MiB holds 1024 entries; by then the encoder has pulled its look-ahead, no more
  assert.ok(
    pulledAtChunk[0] >= 1024 && pulledAtChunk[0] <= LOOKAHEAD + 1024,
    `${pulledAtChunk[0]}`,
  );
});

Deno.test("encodeEntries starts the reading thread midway through a lazy plan, same bytes", async () => {
  const dir = Deno.makeTempDirSync();
  const files = (from: number, count: number) => {
    const out: PlannedEntry[] = [];
    for (let i = from; i < from + count; i++) {
      const bytes = new Uint8Array(1 + (i * 131) % 5000).fill(i & 0xff);
      Deno.writeFileSync(`${dir}/f${i}`, bytes);
      out.push({
        entry: makeEntry({ path: `f${i}`, type: "file", size: bytes.length }),
        fsPath: `${dir}/f${i}`,
      });
    }
    return out;
  };
  const dirs = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      entry: makeEntry({ path: `d${i}`, type: "directory" }),
      fsPath: dir,
    }));
  // too few small files at first for a thread; it starts once enough are waiting
  const entries = [...files(0, 100), ...dirs(LOOKAHEAD + 700), ...files(100, 900)];
  const run = async (readAhead: boolean) => {
    const parts: Uint8Array[] = [];
    for await (const c of encodeEntries(entries.values(), { readAhead })) parts.push(c.slice());
    return concatBytes(parts);
  };
  const [ahead, alone] = [await run(true), await run(false)];
  assert.equal(ahead.length, alone.length);
  assert.ok(ahead.every((b, i) => b === alone[i]));
  const got = await members((async function* () {
    yield ahead;
  })());
  assert.equal(got.length, entries.length);
  assert.deepEqual(got.at(-1)?.slice(0, 2), ["f999", 1 + (999 * 131) % 5000]);
});

Deno.test("encodeEntries lets timers run while it works through small files synchronously", async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const content = new Uint8Array(100);
  function* slowPlan(): Generator<PlannedEntry> {
    for (let i = 0; i < 700; i++) {
      const t = performance.now();
      while (performance.now() - t < 1) { /* a slow walk */ }
      yield { entry: makeEntry({ path: `f${i}`, type: "file", size: 100 }), fsPath: "", content };
    }
  }
  try {
    for await (const _ of encodeEntries(slowPlan())) { /* drain */ }
  } finally {
    clearInterval(timer);
  }
  // 700 ms of work: a turn every 200 ms lets the 10 ms interval in a few times
  assert.ok(ticks >= 2, `the interval ran ${ticks} times`);
});
