import assert from "node:assert/strict";
import { LocalStore } from "../store/local_store.ts";
import { listJobArchives, templatePattern, timeFromName, withRunNumber } from "./archive_set.ts";

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

Deno.test("listJobArchives lists the job's archives oldest first, ignoring the rest", async () => {
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
  assert.deepEqual(
    (await listJobArchives(new LocalStore(), d, "out/{job}-{date}.tgz", "j", "h")).map((a) => a.id),
    [
      "j-2026-01-01.tgz",
      "j-2026-01-03.tgz",
    ],
  );
  assert.deepEqual(
    await listJobArchives(new LocalStore(), `${d}/missing`, "{job}.tgz", "j", "h"),
    [],
  );
});

Deno.test("withRunNumber numbers a run before the extension, and the pattern takes it", () => {
  const t = "/b/{job}-{date}.tar.zst";
  const p = withRunNumber("/b/home-2026-12-03.tar.zst", t, 2);
  assert.equal(p, "/b/home-2026-12-03+2.tar.zst");
  const m = templatePattern(t, "home", "h").exec("home-2026-12-03+2.tar.zst")!;
  assert.equal(m.groups?.run, "2");
  assert.equal(timeFromName(m)?.toISOString(), "2026-12-03T00:00:00.000Z");
  assert.equal(withRunNumber("/b/x", "/b/x", 3), "/b/x+3");
  // "+" is in no job name: job "a-2" is never taken for a run of job "a"
  assert.ok(!templatePattern("{job}.tar", "a", "h").test("a-2.tar"));
});

Deno.test("listJobArchives puts numbered runs of one day after the first, in order", async () => {
  const d = Deno.makeTempDirSync();
  for (const n of ["j-2026-01-01+10.tgz", "j-2026-01-01+2.tgz", "j-2026-01-01.tgz"]) {
    Deno.writeTextFileSync(`${d}/${n}`, "");
  }
  assert.deepEqual(
    (await listJobArchives(new LocalStore(), d, "{job}-{date}.tgz", "j", "h")).map((a) => a.id),
    [
      "j-2026-01-01.tgz",
      "j-2026-01-01+2.tgz",
      "j-2026-01-01+10.tgz",
    ],
  );
});
