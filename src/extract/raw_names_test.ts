import assert from "node:assert/strict";
import { libc } from "../util/libc.ts";
import { listNames } from "../walk/fs_names.ts";
import { RawNames } from "./raw_names.ts";

const lib = libc();

Deno.test(
  { name: "RawNames maps names to placeholders and renames them at the end", ignore: !lib },
  () => {
    const dest = Deno.makeTempDirSync();
    const raw = new RawNames(lib!);
    const [d, f] = raw.map(["d\udcf6", "a\udce4"]);
    assert.match(d, /^\.tarz-raw-[0-9a-f]{32}$/);
    assert.notEqual(raw.map(["a\udcf6"])[0], raw.map(["a\udce4"])[0], "one byte apart, two names");
    assert.equal(raw.unmap(`${d}/${f}`), "d\udcf6/a\udce4");
    Deno.mkdirSync(`${dest}/${d}`);
    Deno.writeTextFileSync(`${dest}/${d}/${f}`, "x");
    const kept: string[] = [];
    raw.finish(dest, "never", (p) => kept.push(p));
    assert.deepEqual(listNames(dest), ["d\udcf6"]);
    assert.deepEqual(listNames(`${dest}/d\udcf6`), ["a\udce4"]);
    assert.deepEqual(kept, []);
  },
);
