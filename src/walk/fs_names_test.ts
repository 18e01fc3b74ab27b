import assert from "node:assert/strict";
import { libc } from "../util/libc.ts";
import { listNames, openablePath, readLinkName, removeName, statName } from "./fs_names.ts";

const ok = libc() !== null;

Deno.test({ name: "fs_names reads names that are not UTF-8 with their bytes", ignore: !ok }, () => {
  const dir = Deno.makeTempDirSync();
  const enc = new TextEncoder();
  libc()!.symlink(enc.encode("f"), new Uint8Array([...enc.encode(`${dir}/l`), 0xff]));
  Deno.writeTextFileSync(`${dir}/f`, "data");
  libc()!.rename(enc.encode(`${dir}/f`), new Uint8Array([...enc.encode(`${dir}/caf`), 0xe9]));
  assert.deepEqual(listNames(dir).sort(), ["caf\udce9", "l\udcff"]);
  assert.equal(statName(`${dir}/caf\udce9`).size, 4);
  assert.ok(statName(`${dir}/l\udcff`).isSymlink);
  assert.equal(readLinkName(`${dir}/l\udcff`), "f");
  assert.equal(Deno.readTextFileSync(openablePath(`${dir}/caf\udce9`)), "data");
  assert.equal(openablePath(`${dir}/plain`), `${dir}/plain`, "UTF-8 names are used as they are");
});

Deno.test({ name: "removeName removes a tree under a name that is not UTF-8", ignore: !ok }, () => {
  const dir = Deno.makeTempDirSync();
  const enc = new TextEncoder();
  Deno.mkdirSync(`${dir}/d/sub`, { recursive: true });
  Deno.writeTextFileSync(`${dir}/d/sub/f`, "x");
  libc()!.rename(enc.encode(`${dir}/d`), new Uint8Array([...enc.encode(`${dir}/d`), 0xf6]));
  removeName(`${dir}/d\udcf6`);
  assert.deepEqual(listNames(dir), []);
});
