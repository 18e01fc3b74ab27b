import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { memberFilter } from "./member_filter.ts";

Deno.test("memberFilter takes everything when nothing selects", () => {
  assert.equal(memberFilter({}).test, undefined);
});

Deno.test("memberFilter applies members, then include, then exclude", () => {
  const f = memberFilter({ members: ["src", "docs"], include: ["*.ts"], exclude: ["gen/"] });
  assert.ok(f.test!("src/a.ts"));
  assert.ok(!f.test!("src/a.md"), "not included");
  assert.ok(!f.test!("src/gen/b.ts"), "excluded");
  assert.ok(!f.test!("lib/c.ts"), "not a member argument");
  assert.deepEqual(f.notFound(), ["docs"]);
});

Deno.test("memberFilter turns a bad glob into a usage error", () => {
  assert.throws(() => memberFilter({ include: ["a/**b/["] }), UsageError);
});
