import assert from "node:assert/strict";
import { randomBytes } from "../../tests/_helpers.ts";
import { FileWriter, type WriteOutcome } from "./file_writer.ts";

const META = { mode: 0o640, mtime: 1_600_000_000, uid: 0, gid: 0 };

function writer(options: { ringBytes?: number; slots?: number } = {}) {
  const outcomes: [number, WriteOutcome][] = [];
  const w = new FileWriter({
    umask: Deno.umask(),
    onOutcome: (ticket, outcome) => outcomes.push([ticket, outcome]),
    ...options,
  });
  return { w, outcomes };
}

Deno.test("FileWriter writes whole files in order with their mode and mtime, through a wrapping ring", () => {
  const dir = Deno.makeTempDirSync();
  // 300 files of up to 20 KiB through a 64 KiB ring of 16 slots: it wraps and fills often
  const { w, outcomes } = writer({ ringBytes: 64 << 10, slots: 16 });
  const tickets: number[] = [];
  const contents: Uint8Array[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      contents.push(randomBytes(1 + (i * 7919) % 20_000));
      tickets.push(w.writeFile(`${dir}/f${i}`, contents[i], { ...META, mtime: META.mtime + i }));
    }
    w.settle();
  } finally {
    w.close();
  }
  assert.deepEqual(outcomes, tickets.map((t) => [t, "written"]));
  for (let i = 0; i < 300; i++) {
    assert.deepEqual(Deno.readFileSync(`${dir}/f${i}`), contents[i], `f${i}`);
    const st = Deno.statSync(`${dir}/f${i}`);
    assert.equal(st.mode! & 0o7777, 0o640);
    assert.equal(st.mtime!.getTime(), (META.mtime + i) * 1000);
  }
});

Deno.test("FileWriter streams a file in chunks larger than half its ring", () => {
  const dir = Deno.makeTempDirSync();
  const { w, outcomes } = writer({ ringBytes: 64 << 10 });
  const data = randomBytes(300_000);
  try {
    w.openFile(`${dir}/big`);
    for (let off = 0; off < data.length; off += 100_000) {
      w.writeChunk(data.subarray(off, off + 100_000));
    }
    const ticket = w.closeFile(META);
    w.settle();
    assert.deepEqual(outcomes, [[ticket, "written"]]);
  } finally {
    w.close();
  }
  assert.deepEqual(Deno.readFileSync(`${dir}/big`), data);
  assert.equal(Deno.statSync(`${dir}/big`).mode! & 0o7777, 0o640);
});

Deno.test("FileWriter reports a name that is taken and leaves what is there alone", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/taken`, "theirs");
  Deno.writeTextFileSync(`${dir}/taken-too`, "theirs");
  const { w, outcomes } = writer();
  try {
    const a = w.writeFile(`${dir}/taken`, new TextEncoder().encode("ours"), META);
    w.openFile(`${dir}/taken-too`);
    w.writeChunk(new TextEncoder().encode("ours"));
    const b = w.closeFile(META);
    const c = w.writeFile(`${dir}/free`, new TextEncoder().encode("ours"), META);
    w.settle();
    assert.deepEqual(outcomes, [[a, "exists"], [b, "exists"], [c, "written"]]);
  } finally {
    w.close();
  }
  assert.equal(Deno.readTextFileSync(`${dir}/taken`), "theirs");
  assert.equal(Deno.readTextFileSync(`${dir}/taken-too`), "theirs");
  assert.equal(Deno.readTextFileSync(`${dir}/free`), "ours");
});

Deno.test("FileWriter throws a failed write as Deno's error class and writes nothing after it", () => {
  const dir = Deno.makeTempDirSync();
  const { w, outcomes } = writer();
  try {
    const a = w.writeFile(`${dir}/before`, new Uint8Array(10), META);
    w.writeFile(`${dir}/no-such-dir/file`, new Uint8Array(10), META);
    w.writeFile(`${dir}/after`, new Uint8Array(10), META);
    assert.throws(() => w.settle(), Deno.errors.NotFound);
    assert.deepEqual(outcomes, [[a, "written"]], "the files before it are reported");
  } finally {
    w.close();
  }
  assert.ok(Deno.statSync(`${dir}/before`).isFile);
  assert.throws(() => Deno.statSync(`${dir}/after`), Deno.errors.NotFound);
});

Deno.test("FileWriter removes what it wrote of an abandoned file", () => {
  const dir = Deno.makeTempDirSync();
  const { w, outcomes } = writer();
  try {
    w.openFile(`${dir}/partial`);
    w.writeChunk(randomBytes(1000));
    w.abandonFile();
    const b = w.writeFile(`${dir}/next`, new Uint8Array(1), META);
    w.settle();
    assert.deepEqual(outcomes, [[b, "written"]]);
  } finally {
    w.close();
  }
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["next"]);
});
