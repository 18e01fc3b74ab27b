import assert from "node:assert/strict";
import { templatePattern } from "./archive_set.ts";
import { strayReason } from "./stray_files.ts";

const own = templatePattern("{job}-{date}T{time}.tar.zst", "home", "h");
const others = [templatePattern("{job}-{date}.tgz", "etc", "h")];
const why = (name: string, present: string[] = []) =>
  strayReason(name, own, others, "{job}-{date}T{time}.tar.zst", (n) => present.includes(n));

Deno.test("strayReason considers the job's archives and their manifests, not other jobs'", () => {
  assert.equal(why("home-2026-03-04T010000.tar.zst"), undefined);
  const archive = "home-2026-03-04T010000.tar.zst";
  assert.equal(why(`${archive}.manifest.json`, [archive]), undefined);
  assert.equal(why(`${archive}.manifest.json.age`, [archive]), undefined);
  assert.equal(why("etc-2026-03-04.tgz"), undefined);
  assert.equal(why("notes.txt"), undefined);
});

Deno.test("strayReason names an old template's archive, an orphan manifest and a temp file", () => {
  assert.equal(
    why("home-2026-03-01.tar.zst"),
    "an archive whose name does not match the output template {job}-{date}T{time}.tar.zst",
  );
  assert.equal(
    why("home-2026-03-04T010000.tar.zst.manifest.json"),
    "a manifest whose archive is gone",
  );
  assert.equal(
    why(".home.tar.zst.tarz-ab12cd34.partial"),
    "a temporary file of a write that is running or was killed",
  );
});
