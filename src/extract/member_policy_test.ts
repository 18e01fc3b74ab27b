import assert from "node:assert/strict";
import { memberOf } from "../../tests/fixtures/members.ts";
import { keepsExisting, LimitError, MemberPolicy } from "./member_policy.ts";

Deno.test("MemberPolicy places a plain member at its sanitised, stripped name", () => {
  const p = new MemberPolicy({ dest: "/d", stripComponents: 1 });
  assert.deepEqual(p.admit(memberOf({ path: "/top/./a//b", type: "file" })), {
    kind: "place",
    parts: ["a", "b"],
    key: "a/b",
    raw: false,
  });
});

Deno.test("MemberPolicy skips what the filter leaves out and what stripping removes", () => {
  const p = new MemberPolicy({ dest: "/d", stripComponents: 1, filter: (n) => n !== "x/no" });
  assert.equal(p.admit(memberOf({ path: "x/no", type: "file" })).kind, "skip");
  assert.equal(p.admit(memberOf({ path: "x", type: "directory" })).kind, "skip");
});

Deno.test("MemberPolicy refuses devices, hardlinks with data, escapes and overlong names", () => {
  const p = new MemberPolicy({ dest: "/d" });
  const reason = (m: ReturnType<typeof memberOf>) => {
    const a = p.admit(m);
    return a.kind === "refuse" ? a.reason : a.kind;
  };
  assert.match(reason(memberOf({ path: "dev", type: "char-device" })), /not extracted/);
  assert.match(reason({ ...memberOf({ path: "h", type: "hardlink" }), storedSize: 1 }), /data/);
  assert.match(reason(memberOf({ path: "../../etc/passwd", type: "file" })), /\.\./);
  assert.match(reason(memberOf({ path: "a".repeat(256), type: "file" })), /over 255 bytes/);
  const deep = Array.from({ length: 40 }, () => "d".repeat(120)).join("/");
  assert.match(reason(memberOf({ path: deep, type: "file" })), /4096 bytes/);
  assert.match(reason(memberOf({ path: "", type: "file" })), /no name/);
});

Deno.test("MemberPolicy marks names that are not UTF-8 as raw", () => {
  const p = new MemberPolicy({ dest: "/d" });
  const a = p.admit(memberOf({ path: "caf\udce9", type: "file" }));
  assert.equal(a.kind === "place" && a.raw, true);
});

Deno.test("MemberPolicy throws a LimitError past the member count or the byte total", () => {
  const few = new MemberPolicy({ dest: "/d", maxEntries: 1 });
  few.admit(memberOf({ path: "a", type: "file" }));
  assert.throws(() => few.admit(memberOf({ path: "b", type: "file" })), LimitError);
  const small = new MemberPolicy({ dest: "/d", maxBytes: 4 });
  small.admit(memberOf({ path: "a", type: "file" }, "abc"));
  assert.throws(() => small.admit(memberOf({ path: "b", type: "file" }, "de")), LimitError);
});

Deno.test("keepsExisting keeps under never, replaces under always, compares under newer", () => {
  assert.equal(keepsExisting("never", 2, 1000), true);
  assert.equal(keepsExisting("always", 1, 5000), false);
  assert.equal(keepsExisting("newer", 2, 1000), false);
  assert.equal(keepsExisting("newer", 1, 1000), true);
  assert.equal(keepsExisting("newer", 1, null), false);
});
