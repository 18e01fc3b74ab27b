import assert from "node:assert/strict";
import { libc } from "./libc.ts";

const lib = libc();
const bytes = (s: string, ...raw: number[]) =>
  new Uint8Array([...new TextEncoder().encode(s), ...raw]);

Deno.test({ name: "libc creates, lists, stats and renames names in bytes", ignore: !lib }, () => {
  const dir = Deno.makeTempDirSync();
  const name = bytes(`${dir}/caf`, 0xe9);
  lib!.symlink(bytes("target"), name);
  assert.deepEqual(lib!.readDir(bytes(dir)), [bytes("caf", 0xe9)]);
  assert.deepEqual(lib!.readLink(name), bytes("target"));
  const st = lib!.lstat(name);
  assert.ok(st.isSymlink && !st.isFile);
  Deno.writeTextFileSync(`${dir}/other`, "x");
  assert.throws(() => lib!.rename(bytes(`${dir}/other`), name, true), { code: "EEXIST" });
  lib!.rename(bytes(`${dir}/other`), name, false);
  const after = lib!.lstat(name);
  assert.ok(after.isFile);
  assert.equal(after.size, 1);
  lib!.chmod(name, 0o640);
  lib!.utimes(name, 1_000_000_000, 1_600_000_000.5);
  const t = lib!.lstat(name);
  assert.equal((t.mode ?? 0) & 0o7777, 0o640);
  assert.equal(t.mtime?.getTime(), 1_600_000_000_500);
  assert.throws(() => lib!.lstat(bytes(`${dir}/missing`)), { code: "ENOENT" });
});

Deno.test({ name: "libc's lstat agrees with Deno's on an ordinary file", ignore: !lib }, () => {
  const file = Deno.makeTempFileSync();
  Deno.writeTextFileSync(file, "hello");
  const ours = lib!.lstat(new TextEncoder().encode(file));
  const deno = Deno.lstatSync(file);
  for (const k of ["size", "mode", "uid", "gid", "dev", "ino", "nlink"] as const) {
    assert.equal(ours[k], deno[k], k);
  }
  assert.equal(ours.mtime?.getTime(), deno.mtime?.getTime());
});
