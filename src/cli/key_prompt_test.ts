import assert from "node:assert/strict";
import { answerOf } from "./key_prompt.ts";

Deno.test("answerOf: y and Ctrl-C mean yes; n, Enter, Escape and Ctrl-D no; other keys wait", () => {
  const key = (s: string) => answerOf(s.charCodeAt(0));
  for (const k of ["y", "Y", "\x03"]) assert.equal(key(k), true, JSON.stringify(k));
  for (const k of ["n", "N", "\r", "\n", "\x1b", "\x04"]) {
    assert.equal(key(k), false, JSON.stringify(k));
  }
  for (const k of ["a", " ", "1", "q"]) assert.equal(key(k), null, JSON.stringify(k));
});
