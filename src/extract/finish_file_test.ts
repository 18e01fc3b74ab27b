import assert from "node:assert/strict";
import { finishFile } from "./finish_file.ts";

function made(mode: number): string {
  const path = `${Deno.makeTempDirSync()}/f`;
  Deno.writeFileSync(path, new Uint8Array(1), { mode });
  Deno.chmodSync(path, mode);
  return path;
}

Deno.test("finishFile sets the mode a chunked file was created without, and the time", () => {
  const path = made(0o600);
  finishFile(path, { mode: 0o640, mtime: 1000, uid: -1, gid: -1 }, {
    umask: 0,
    chown: false,
    created: 0o600,
  });
  const st = Deno.statSync(path);
  assert.equal(st.mode! & 0o7777, 0o640);
  assert.equal(st.mtime!.getTime(), 1000_000);
});

Deno.test({
  name: "finishFile gives the owner before the mode, so setuid and setgid survive",
  ignore: Deno.uid() !== 0,
}, () => {
  const path = made(0o6755);
  finishFile(path, { mode: 0o6755, mtime: 0, uid: 1234, gid: 5678 }, { umask: 0, chown: true });
  const st = Deno.statSync(path);
  assert.deepEqual([st.uid, st.gid, st.mode! & 0o7777], [1234, 5678, 0o6755]);
});

Deno.test("finishFile's text runs on its own, as the writer thread embeds it", () => {
  const path = made(0o600);
  const standalone = new Function(`return (${finishFile.toString()});`)() as typeof finishFile;
  standalone(path, { mode: 0o644, mtime: 5, uid: -1, gid: -1 }, {
    umask: 0o22,
    chown: false,
    created: 0o600,
  });
  assert.equal(Deno.statSync(path).mode! & 0o7777, 0o644);
});
