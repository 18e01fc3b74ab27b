import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeName, encodeName, hasRawBytes, printableName, showRawBytes } from "./name_bytes.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("decodeName keeps UTF-8 as it is and escapes the other bytes", () => {
  assert.equal(decodeName(new TextEncoder().encode("café 日本 😀")), "café 日本 😀");
  const latin1 = decodeName(bytes(0x63, 0x61, 0x66, 0xe9));
  assert.equal(latin1, "caf\udce9");
  assert.ok(hasRawBytes(latin1));
  assert.ok(!hasRawBytes("café 😀"));
  // overlong forms and encoded surrogates are not UTF-8 either
  assert.equal(decodeName(bytes(0xc0, 0xaf)), "\udcc0\udcaf");
  assert.equal(decodeName(bytes(0xed, 0xb3, 0xa9)), "\udced\udcb3\udca9");
});

Deno.test("two names that differ in a byte stay two names", () => {
  assert.notEqual(decodeName(bytes(0x61, 0xe4)), decodeName(bytes(0x61, 0xf6)));
});

Deno.test("encodeName gives back the exact bytes of any name", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
      assert.deepEqual(encodeName(decodeName(b)), b);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("printableName escapes raw bytes, controls and backslashes as GNU tar lists them", () => {
  assert.equal(printableName(decodeName(bytes(0x63, 0xe9, 0x2e))), "c\\351.");
  assert.equal(printableName("a\nb\\c\x01"), "a\\nb\\\\c\\001");
  assert.equal(printableName("𐂀 😀"), "𐂀 😀", "pairs whose low half looks like an escape");
});

Deno.test("showRawBytes escapes only the bytes that are not UTF-8", () => {
  assert.equal(showRawBytes("kept caf\udce9 \\ é 😀"), "kept caf\\351 \\ é 😀");
  assert.equal(showRawBytes("plain"), "plain");
});
