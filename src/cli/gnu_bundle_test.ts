import assert from "node:assert/strict";
import { translateBundle } from "./gnu_bundle.ts";

Deno.test("translateBundle turns GNU tar bundles into tarz commands", () => {
  assert.deepEqual(translateBundle(["czf", "out.tgz", "dir"]), [
    "create",
    "dir",
    "-o",
    "out.tgz",
    "--format",
    "gzip",
  ]);
  assert.deepEqual(translateBundle(["-xvf", "a.tar", "-C", "out"]), [
    "extract",
    "a.tar",
    "-C",
    "out",
    "-v",
  ]);
  assert.deepEqual(translateBundle(["tf", "a.tar"]), ["list", "a.tar"]);
  assert.deepEqual(translateBundle(["-zxvf", "a.tgz", "docs"]), ["extract", "a.tgz", "docs", "-v"]);
  assert.deepEqual(translateBundle(["xOf", "a.tar", "f.txt"]), ["extract", "a.tar", "f.txt", "-O"]);
});

Deno.test("translateBundle gives arguments to f, C and T in order, dashed or not", () => {
  assert.deepEqual(translateBundle(["cfT", "o.tar", "list.txt"]), [
    "create",
    "-o",
    "o.tar",
    "--files-from",
    "list.txt",
  ]);
  assert.deepEqual(translateBundle(["-xfa.tar"]), ["extract", "a.tar"]);
  assert.deepEqual(translateBundle(["xCf", "out", "a.tar"]), ["extract", "a.tar", "-C", "out"]);
});

Deno.test("translateBundle leaves commands, long options and unknown letters alone", () => {
  for (
    const args of [
      ["--help"],
      ["list", "a.tar"],
      ["complete"],
      ["cqf", "a.tar"], // q means nothing to tarz
      ["ctf", "a.tar"], // two operations
      ["xf"], // f without its argument
      ["tOf", "a.tar"], // -O is extract's
      ["xTf", "l", "a.tar"], // -T is create's
      [],
    ]
  ) {
    assert.equal(translateBundle(args), undefined, args.join(" "));
  }
});
