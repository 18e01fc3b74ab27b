import assert from "node:assert/strict";
import { poison, POISON_BUFFERS, POISON_BYTE } from "./buffer_poison.ts";
import { encodeEntries } from "../create/encode_stream.ts";
import { makeEntry } from "../tar/entry.ts";

Deno.test("with TARZ_POISON_BUFFERS=1, a chunk held past its release reads poison", async () => {
  const b = new Uint8Array(4).fill(1);
  poison(b);
  assert.deepEqual(
    [...b],
    POISON_BUFFERS ? [POISON_BYTE, POISON_BYTE, POISON_BYTE, POISON_BYTE] : [1, 1, 1, 1],
  );
  if (!POISON_BUFFERS) return; // the test task sets it; a bare `deno test` does not
  // the encoder's reused output buffer: a consumer that keeps the chunk instead of copying it
  const dir = Deno.makeTempDirSync();
  try {
    const entries = Array.from({ length: 3000 }, (_, i) => {
      Deno.writeTextFileSync(`${dir}/f${i}`, "x".repeat(1000));
      return {
        fsPath: `${dir}/f${i}`,
        entry: makeEntry({ path: `f${i}`, type: "file", size: 1000 }),
      };
    });
    const kept: Uint8Array[] = [];
    let first: Uint8Array | undefined;
    for await (const c of encodeEntries(entries, { reuseBuffers: true })) {
      first ??= c.slice();
      kept.push(c);
    }
    assert.ok(kept.length > 2, "more than one chunk");
    assert.notDeepEqual(kept[0], first, "the chunk held on to changed under its holder");
    // past what the last, shorter chunk wrote, the reused buffer holds poison, not old data
    assert.equal(kept[0].at(-1), POISON_BYTE);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
