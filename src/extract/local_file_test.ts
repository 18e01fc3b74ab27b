import assert from "node:assert/strict";
import { memberOf } from "../../tests/fixtures/members.ts";
import { discardPartial, SMALL_FILE, writeLocalFile } from "./local_file.ts";

const meta = { mode: 0o640, mtime: 1_600_000_000, uid: -1, gid: -1 };

Deno.test("writeLocalFile writes small and chunked files with their mode and time", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const big = new Uint8Array(SMALL_FILE + 5).fill(7);
    await writeLocalFile(memberOf({ path: "s", type: "file" }, "hi"), `${dir}/s`, {
      meta,
      chown: false,
    });
    await writeLocalFile(memberOf({ path: "b", type: "file" }, big), `${dir}/b`, {
      meta,
      chown: false,
    });
    assert.equal(Deno.readTextFileSync(`${dir}/s`), "hi");
    assert.deepEqual(Deno.readFileSync(`${dir}/b`), big);
    for (const name of ["s", "b"]) {
      const st = Deno.statSync(`${dir}/${name}`);
      assert.equal(st.mode! & 0o777, 0o640);
      assert.equal(st.mtime!.getTime(), 1_600_000_000_000);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("writeLocalFile never writes over an existing name", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/x`, "theirs");
    await assert.rejects(
      writeLocalFile(memberOf({ path: "x", type: "file" }, "ours"), `${dir}/x`, {
        meta,
        chown: false,
      }),
      Deno.errors.AlreadyExists,
    );
    assert.equal(Deno.readTextFileSync(`${dir}/x`), "theirs");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("writeLocalFile removes a file whose member body fails part-way", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const m = memberOf({ path: "f", type: "file", size: SMALL_FILE * 2 });
    m.body = async function* () {
      yield new Uint8Array(1024);
      throw new Error("truncated");
    };
    await assert.rejects(writeLocalFile(m, `${dir}/f`, { meta, chown: false }), /truncated/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
    discardPartial(`${dir}/f`); // nothing there: no error
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
