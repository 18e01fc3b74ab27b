import assert from "node:assert/strict";
import { writeTextAtomically } from "./atomic_text.ts";

Deno.test("writeTextAtomically replaces a file whole", () => {
  const dir = Deno.makeTempDirSync();
  writeTextAtomically(`${dir}/s.json`, "one");
  writeTextAtomically(`${dir}/s.json`, "two");
  assert.equal(Deno.readTextFileSync(`${dir}/s.json`), "two");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["s.json"]);
});

Deno.test("writeTextAtomically leaves no temporary file when the rename fails", () => {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/taken/inside`, { recursive: true });
  assert.throws(() => writeTextAtomically(`${dir}/taken`, "x"));
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["taken"]);
});
