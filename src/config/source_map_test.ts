import assert from "node:assert/strict";
import { transform } from "sucrase";
import { decodeVlq, originalPosition } from "./source_map.ts";

Deno.test("decodeVlq reads signed base64 VLQ numbers", () => {
  assert.deepEqual(decodeVlq("AAAA"), [0, 0, 0, 0]);
  assert.deepEqual(decodeVlq("gB"), [16]);
  assert.deepEqual(decodeVlq("+/MAAM"), [6655, 0, 0, 6]);
  assert.deepEqual(decodeVlq("D"), [-1]);
});

Deno.test("originalPosition undoes sucrase's rewriting of a line", () => {
  const source =
    `const home = undefined as unknown as string;\nexport default { a: [home.trim()] };`;
  const out = transform(source, {
    transforms: ["typescript", "imports"],
    filePath: "c.ts",
    sourceMapOptions: { compiledFilename: "c.js" },
  });
  const genLine = out.code.split("\n")[1];
  const genCol = genLine.indexOf("trim") + 1;
  assert.deepEqual(originalPosition(out.sourceMap!.mappings, 2, genCol), {
    line: 2,
    column: source.split("\n")[1].indexOf("trim") + 1,
  });
});
