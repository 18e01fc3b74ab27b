import assert from "node:assert/strict";
import { isBech32 } from "./bech32.ts";

Deno.test("isBech32 accepts BIP 173's valid strings and refuses a changed character or case mix", () => {
  assert.ok(isBech32("A12UEL5L", "a"));
  assert.ok(isBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "abcdef"));
  assert.ok(!isBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx", "abcdef"));
  assert.ok(!isBech32("A12uEL5L", "a"));
  assert.ok(!isBech32("a12uel5l", "b"));
  assert.ok(!isBech32("a1b2uel5l", "a1b"), "b is not in the charset");
});
