import assert from "node:assert/strict";
import { ArchiveOrder } from "./archive_order.ts";

Deno.test("members done here are emitted at once while nothing is with the writer", () => {
  const out: string[] = [];
  const order = new ArchiveOrder<string>((s) => out.push(s));
  order.done("a");
  order.done("b");
  assert.deepEqual(out, ["a", "b"]);
});

Deno.test("members done behind a file wait for it, then follow it in archive order", () => {
  const out: string[] = [];
  const order = new ArchiveOrder<string>((s) => out.push(s));
  order.handedOver("file1", 0);
  order.done("dir");
  order.handedOver("file2", 1);
  order.done("link");
  assert.equal(out.length, 0);
  order.resolve(0, (s) => void out.push(`${s}!`));
  assert.deepEqual(out, ["file1!", "dir"]);
  order.resolve(1, (s) => void out.push(`${s}!`));
  assert.deepEqual(out, ["file1!", "dir", "file2!", "link"]);
});

Deno.test("an outcome for a ticket that is not the oldest is a bug, and throws", () => {
  const order = new ArchiveOrder<string>(() => {});
  order.handedOver("a", 0);
  order.handedOver("b", 1);
  assert.throws(() => order.resolve(1, () => {}), /out of order/);
});
