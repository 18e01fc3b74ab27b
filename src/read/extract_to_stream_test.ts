import assert from "node:assert/strict";
import { createArchive } from "../create/create_archive.ts";
import { concatBytes } from "../util/bytes.ts";
import { extractToStream } from "./extract_to_stream.ts";

Deno.test("extractToStream writes the selected files' data in archive order, nothing else", async () => {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/t/sub`, { recursive: true });
  Deno.writeTextFileSync(`${dir}/t/a.txt`, "A");
  Deno.writeTextFileSync(`${dir}/t/sub/b.txt`, "BB");
  Deno.writeTextFileSync(`${dir}/t/c.log`, "C");
  Deno.symlinkSync("a.txt", `${dir}/t/link`);
  await createArchive({ sources: ["t"], cwd: dir, output: `${dir}/x.tar.gz` });
  const chunks: Uint8Array[] = [];
  const r = await extractToStream({
    archive: `${dir}/x.tar.gz`,
    members: ["t/sub", "*.txt", "t/link", "missing"],
    write: (c) => chunks.push(c.slice()),
  });
  const text = new TextDecoder().decode(concatBytes(chunks));
  assert.ok(text === "ABB" || text === "BBA", text); // the walk's order; one of each
  assert.equal(r.files, 2);
  assert.equal(r.bytes, 3);
  assert.deepEqual(r.notFound, ["missing"]);
});
