import assert from "node:assert/strict";
import { FilePrefetcher, readInto } from "./file_prefetch.ts";

function tree(count: number): { dir: string; paths: string[]; sizes: number[] } {
  const dir = Deno.makeTempDirSync();
  const paths: string[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const size = 1 + (i * 7919) % 3000;
    const bytes = new Uint8Array(size).map((_, j) => (i * 31 + j) & 0xff);
    Deno.writeFileSync(`${dir}/f${i}`, bytes);
    paths.push(`${dir}/f${i}`);
    sizes.push(size);
  }
  return { dir, paths, sizes };
}

function expected(i: number, size: number): Uint8Array {
  return new Uint8Array(size).map((_, j) => (i * 31 + j) & 0xff);
}

Deno.test("FilePrefetcher hands out every file's bytes in list order", async () => {
  const { paths, sizes } = tree(500); // many times the slots: the ring wraps often
  const scratch = new Uint8Array(4097);
  const p = new FilePrefetcher(paths, sizes, scratch.length, 8);
  await _workerFilled(p);
  try {
    for (let i = 0; i < paths.length; i++) {
      const data = p.take(
        paths[i],
        () => scratch.subarray(0, readInto(paths[i], scratch, sizes[i])),
      );
      assert.deepEqual(data, expected(i, sizes[i]), `file ${i}`);
    }
  } finally {
    p.close();
  }
});

Deno.test("FilePrefetcher.add lists more files while it runs; all come back in order", async () => {
  const { paths, sizes } = tree(300);
  const scratch = new Uint8Array(4097);
  const p = new FilePrefetcher(paths.slice(0, 10), sizes.slice(0, 10), scratch.length, 8);
  await _workerFilled(p); // the worker has read its first ten and waits for more
  try {
    for (let i = 0; i < paths.length; i++) {
      // list the rest in batches, some while the worker is idle, some while it is busy
      if (i % 20 === 0 && p.listed < paths.length) {
        const end = Math.min(paths.length, p.listed + 35);
        p.add(paths.slice(p.listed, end), sizes.slice(p.listed, end));
      }
      if (i === 100) await _workerFilled(p);
      const data = p.take(
        paths[i],
        () => scratch.subarray(0, readInto(paths[i], scratch, sizes[i])),
      );
      assert.deepEqual(data, expected(i, sizes[i]), `file ${i}`);
    }
    assert.equal(p.listed, paths.length);
  } finally {
    p.close();
  }
});

Deno.test("FilePrefetcher forgets files taken long ago and keeps its count", async () => {
  const { paths, sizes } = tree(47);
  const scratch = new Uint8Array(4097);
  // 12,000 files listed in batches of 100, the same 47 over and over
  const at = (n: number) => n % 47;
  const batch = (from: number) => Array.from({ length: 100 }, (_, j) => at(from + j));
  const first = batch(0);
  const p = new FilePrefetcher(first.map((k) => paths[k]), first.map((k) => sizes[k]), 4097, 16);
  try {
    for (let i = 0; i < 12_000; i++) {
      if (i % 100 === 50 && p.listed < 12_000) {
        const next = batch(p.listed);
        p.add(next.map((k) => paths[k]), next.map((k) => sizes[k]));
      }
      // the first 6,000 are taken before the worker has even started, so this thread reads
      // them itself; the worker then hears of files already taken
      if (i === 6_000) await _workerFilled(p);
      const k = at(i);
      const data = p.take(
        paths[k],
        () => scratch.subarray(0, readInto(paths[k], scratch, sizes[k])),
      );
      assert.deepEqual(data, expected(k, sizes[k]), `file ${i}`);
    }
  } finally {
    p.close();
  }
});

Deno.test("FilePrefetcher lets the caller read a file it could not, to see the real error", async () => {
  const { paths, sizes } = tree(40);
  Deno.removeSync(paths[17]);
  const scratch = new Uint8Array(4097);
  const p = new FilePrefetcher(paths, sizes, scratch.length, 4);
  await _workerFilled(p);
  const errors: number[] = [];
  try {
    for (let i = 0; i < paths.length; i++) {
      try {
        const data = p.take(
          paths[i],
          () => scratch.subarray(0, readInto(paths[i], scratch, sizes[i])),
        );
        assert.deepEqual(data, expected(i, sizes[i]));
      } catch (e) {
        assert.ok(e instanceof Deno.errors.NotFound);
        errors.push(i);
      }
    }
  } finally {
    p.close();
  }
  assert.deepEqual(errors, [17]);
});

Deno.test("readInto reads one byte past the expected size, so growth shows", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/a`, "hello world");
  const buf = new Uint8Array(8);
  assert.equal(readInto(`${dir}/a`, buf, 5), 8); // grew past the buffer
  assert.equal(readInto(`${dir}/a`, new Uint8Array(64), 11), 11);
  assert.equal(readInto(`${dir}/a`, new Uint8Array(64), 20), 11); // shrank
});

/** Waits until the worker has claimed all it can (its slots full, or the list done). */
async function _workerFilled(p: FilePrefetcher): Promise<void> {
  const end = Date.now() + 10_000;
  while (p.claimed < p.reach) {
    if (Date.now() > end) throw new Error(`the worker claimed ${p.claimed} of ${p.reach}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

Deno.test("FilePrefetcher refuses to hand out a file other than the next one listed", () => {
  const { paths, sizes } = tree(3);
  const scratch = new Uint8Array(4097);
  const p = new FilePrefetcher(paths, sizes, scratch.length, 8);
  try {
    const readHere = () => scratch.subarray(0, 0);
    p.take(paths[0], readHere);
    // the encoder skipped a file the list holds: its bytes would go under the wrong header
    assert.throws(() => p.take(paths[2], readHere), /out of step: file 1 is .*f1, .*f2/);
  } finally {
    p.close();
  }
});
