import assert from "node:assert/strict";
import { walk } from "../walk/walker.ts";
import { planEntries } from "./plan.ts";

const owners = { user: (id: number) => (id === 0 ? "root" : ""), group: () => "wheel" };

Deno.test("planEntries stores the second name of a hardlinked file as a link to the first", () => {
  const d = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${d}/a`, "data");
  Deno.linkSync(`${d}/a`, `${d}/b`);
  const plan = planEntries(walk(["."], { cwd: d }), { owners });
  assert.deepEqual(
    plan.entries.map((p) => [p.entry.path, p.entry.type, p.entry.linkname, p.entry.size]),
    [
      ["a", "file", "", 4],
      ["b", "hardlink", "a", 0],
    ],
  );
  assert.equal(plan.totals.bytes, 4);
  assert.equal(plan.totals.hardlinks, 1);
});

Deno.test("planEntries in reproducible mode clears owners and clamps mtimes", () => {
  const d = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${d}/a`, "x");
  const plan = planEntries(walk(["a"], { cwd: d }), {
    owners,
    reproducible: true,
    mtimeClamp: 1000,
  });
  const e = plan.entries[0].entry;
  assert.deepEqual([e.uid, e.gid, e.uname, e.gname, e.mtime], [0, 0, "", "", 1000]);
});

Deno.test("planEntries skips FIFOs with a warning unless special files are kept", () => {
  const d = Deno.makeTempDirSync();
  new Deno.Command("mkfifo", { args: [`${d}/pipe`] }).outputSync();
  const items = walk(["pipe"], { cwd: d });
  const skipped = planEntries(items, { owners });
  assert.equal(skipped.entries.length, 0);
  assert.match(skipped.warnings[0], /pipe: fifo skipped/);
  assert.equal(planEntries(items, { owners, specialFiles: true }).entries[0].entry.type, "fifo");
});
