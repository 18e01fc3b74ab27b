import assert from "node:assert/strict";
import { createArchive } from "../src/create/create_archive.ts";
import { HookRunner } from "../src/plugin/hook_runner.ts";
import { listArchive } from "../src/read/list_archive.ts";
import { gitignore } from "./gitignore.ts";

Deno.test("gitignore() honours nested .gitignore files as git does", async () => {
  const d = Deno.makeTempDirSync();
  const w = (p: string, t = "") => {
    Deno.mkdirSync(`${d}/${p}`.slice(0, `${d}/${p}`.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(`${d}/${p}`, t);
  };
  w("repo/.gitignore", "*.tmp\nbuild/\n/top-only.txt\n");
  w("repo/a.tmp");
  w("repo/top-only.txt");
  w("repo/build/out.js");
  w("repo/sub/.gitignore", "!keep.tmp\n");
  w("repo/sub/keep.tmp");
  w("repo/sub/drop.tmp");
  w("repo/sub/top-only.txt");
  w("repo/sub/build/x");
  const names: string[] = [];
  const excluded: string[] = [];
  await createArchive({
    sources: ["repo"],
    cwd: d,
    output: `${d}/out.tar`,
    plugins: new HookRunner([gitignore()], () => {}),
    onExcluded: (p, r) => excluded.push(`${p}: ${r.pattern}`),
  });
  await listArchive(`${d}/out.tar`, { onEntry: (e) => names.push(e.path) });
  assert.deepEqual(names, [
    "repo",
    "repo/.gitignore",
    "repo/sub",
    "repo/sub/.gitignore",
    "repo/sub/keep.tmp",
    "repo/sub/top-only.txt",
  ]);
  assert.ok(excluded.includes("repo/a.tmp: plugin gitignore: *.tmp (repo/.gitignore:1)"));
  assert.ok(excluded.includes("repo/sub/build: plugin gitignore: build/ (repo/.gitignore:2)"));
});
