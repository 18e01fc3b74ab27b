import assert from "node:assert/strict";
import { listJobArchives, templatePattern, timeFromName } from "./archive_set.ts";

Deno.test("templatePattern matches only names the job's template produces", () => {
  const p = templatePattern("/b/{job}-{date}T{time}.tar.zst", "home", "nas");
  assert.ok(p.test("home-2026-11-25T030000.tar.zst"));
  assert.ok(!p.test("home-2026-11-25T030000.tar.zst.manifest.json"));
  assert.ok(!p.test("other-2026-11-25T030000.tar.zst"));
  assert.ok(!p.test(".home-2026-11-25T030000.tar.zst.tarz-ab12.partial"));
  assert.ok(!templatePattern("{job}.tar", "a.b", "h").test("aXb.tar"), "job names are literal");
});

Deno.test("timeFromName reads {date} and {time} as UTC", () => {
  const m = templatePattern("{job}-{date}-{time}.tgz", "j", "h").exec("j-2026-01-02-030405.tgz")!;
  assert.equal(timeFromName(m)?.toISOString(), "2026-01-02T03:04:05.000Z");
  const d = templatePattern("{job}-{date}.tgz", "j", "h").exec("j-2026-01-02.tgz")!;
  assert.equal(timeFromName(d)?.toISOString(), "2026-01-02T00:00:00.000Z");
});

Deno.test("listJobArchives lists the job's archives oldest first, ignoring the rest", () => {
  const d = Deno.makeTempDirSync();
  for (
    const n of [
      "j-2026-01-03.tgz",
      "j-2026-01-01.tgz",
      "j-2026-01-02.tgz.manifest.json",
      "k-2026-01-02.tgz",
      "notes.txt",
    ]
  ) {
    Deno.writeTextFileSync(`${d}/${n}`, "");
  }
  assert.deepEqual(listJobArchives(d, "out/{job}-{date}.tgz", "j", "h").map((a) => a.id), [
    "j-2026-01-01.tgz",
    "j-2026-01-03.tgz",
  ]);
  assert.deepEqual(listJobArchives(`${d}/missing`, "{job}.tgz", "j", "h"), []);
});
