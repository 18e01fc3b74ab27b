import assert from "node:assert/strict";
import { OpeningWriter } from "./opening_writer.ts";
import type { ObjectWriter } from "./store.ts";

/** A writer that keeps what it is given, and says what happened to it. */
class _Kept implements ObjectWriter {
  readonly location = "mem:";
  chunks: number[][] = [];
  events: string[] = [];
  async writeAll(chunks: AsyncIterable<Uint8Array>, onBytes?: (n: number) => void) {
    let n = 0;
    for await (const c of chunks) {
      this.chunks.push([...c]);
      n += c.length;
      onBytes?.(c.length);
    }
    return n;
  }
  commit() {
    this.events.push("commit");
    return Promise.resolve();
  }
  discard() {
    this.events.push("discard");
    return Promise.resolve();
  }
}

/**
 * Chunks of one reused buffer, as a producer that recycles its chunks makes them; `pulled`
 * records each, and `drained` settles when the last has been taken.
 */
function _reused(values: number[], pulled: number[]) {
  let drained!: () => void;
  const taken = new Promise<void>((r) => (drained = r));
  async function* gen(): AsyncGenerator<Uint8Array> {
    const buf = new Uint8Array(2);
    for (const v of values) {
      pulled.push(v);
      buf.fill(v);
      yield buf;
    }
    drained();
  }
  return Object.assign(gen(), { taken });
}

/** A producer without end, and whether it was stopped. */
function _endless(): { source: AsyncGenerator<Uint8Array>; stopped: () => boolean } {
  let stopped = false;
  async function* gen(): AsyncGenerator<Uint8Array> {
    try {
      while (true) yield new Uint8Array(1);
    } finally {
      stopped = true;
    }
  }
  return { source: gen(), stopped: () => stopped };
}

/** Lets every pending callback run. */
const _settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("chunks made while the store opens are held as copies and written first, in order", async () => {
  const kept = new _Kept();
  let open!: () => void;
  const opening = new Promise<ObjectWriter>((r) => (open = () => r(kept)));
  const w = new OpeningWriter(opening, "mem:x", 1 << 20);
  const pulled: number[] = [];
  const counted: number[] = [];
  const source = _reused([1, 2, 3, 4], pulled);
  const done = w.writeAll(source, (n) => counted.push(n));
  await source.taken; // the producer ran to its end before the store opened
  assert.deepEqual(pulled, [1, 2, 3, 4]);
  assert.deepEqual(kept.chunks, []);
  open();
  assert.equal(await done, 8);
  assert.deepEqual(kept.chunks, [[1, 1], [2, 2], [3, 3], [4, 4]]);
  assert.deepEqual(counted, [2, 2, 2, 2]);
  await w.commit();
  assert.deepEqual(kept.events, ["commit"]);
});

Deno.test("no more than the limit is taken before the store opens", async () => {
  const kept = new _Kept();
  let open!: () => void;
  const opening = new Promise<ObjectWriter>((r) => (open = () => r(kept)));
  const pulled: number[] = [];
  const done = new OpeningWriter(opening, "mem:x", 4).writeAll(_reused([1, 2, 3, 4], pulled));
  await _settle();
  assert.deepEqual(pulled, [1, 2]);
  open();
  await done;
  assert.deepEqual(kept.chunks, [[1, 1], [2, 2], [3, 3], [4, 4]]);
});

Deno.test("a store that cannot open fails the write with its error and stops the producer", async () => {
  const endless = _endless();
  const refused = new Error("Permission denied (publickey).");
  const w = new OpeningWriter(Promise.reject(refused), "sftp://h/x", 1 << 20);
  await assert.rejects(w.writeAll(endless.source), (e) => e === refused);
  assert.equal(endless.stopped(), true);
  await w.discard(); // nothing was opened: nothing to discard, and no error
  await assert.rejects(w.commit(), (e) => e === refused);
});

Deno.test("a producer that fails while the store opens fails the write; discard reaches the store", async () => {
  const kept = new _Kept();
  let open!: () => void;
  const opening = new Promise<ObjectWriter>((r) => (open = () => r(kept)));
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(1);
    throw new Error("vanished");
  }
  const w = new OpeningWriter(opening, "mem:x", 1 << 20);
  await assert.rejects(w.writeAll(failing()), /vanished/);
  open();
  await w.discard();
  assert.deepEqual(kept.events, ["discard"]);
});

Deno.test("a writer that gives up stops the producer", async () => {
  const endless = _endless();
  const failing = new class extends _Kept {
    override async writeAll(chunks: AsyncIterable<Uint8Array>) {
      for await (const _ of chunks) throw new Error("lost");
      return 0;
    }
  }();
  const w = new OpeningWriter(Promise.resolve(failing), "mem:x", 1 << 20);
  await assert.rejects(w.writeAll(endless.source), /lost/);
  assert.equal(endless.stopped(), true);
});

Deno.test("a store that fails while a chunk is on its way leaves no error unhandled", async () => {
  let fail!: (e: Error) => void;
  const pending = new Promise<IteratorResult<Uint8Array>>((_, r) => (fail = r));
  const source: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () => pending,
      return: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
  let refuse!: (e: Error) => void;
  const opening = new Promise<ObjectWriter>((_, r) => (refuse = r));
  const done = new OpeningWriter(opening, "mem:x", 1 << 20).writeAll(source);
  refuse(new Error("refused"));
  await assert.rejects(done, /refused/);
  fail(new Error("the producer's own, after the store's"));
  await _settle(); // an unhandled rejection would fail this test
});
