import assert from "node:assert/strict";
import { CancelledError } from "../util/run_control.ts";
import { shieldedFromCtrlC, throughProgram } from "./program_stream.ts";

Deno.test("throughProgram streams through the program and fails with its exit and message", async () => {
  const out: string[] = [];
  const input = ReadableStream.from([new TextEncoder().encode("abc")]);
  for await (const c of throughProgram(input, ["tr", "a-z", "A-Z"])) {
    out.push(new TextDecoder().decode(c));
  }
  assert.equal(out.join(""), "ABC");
  const failing = throughProgram(ReadableStream.from([]), ["sh", "-c", "echo nope >&2; exit 3"]);
  await assert.rejects(async () => {
    for await (const _ of failing) { /* nothing */ }
  }, /exit 3\): nope/);
  await assert.rejects(async () => {
    for await (const _ of throughProgram(ReadableStream.from([]), ["no-such-program-x"])) { /**/ }
  }, /Cannot run no-such-program-x: it is not installed/);
});

Deno.test("throughProgram stops a program that holds its input at once when aborted", async () => {
  // like xz with a 24 MiB block: it reads everything and writes nothing until its input ends
  const abort = new AbortController();
  const never = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(10));
      abort.abort(new CancelledError("interrupted")); // the user said yes
    },
  });
  const run = throughProgram(never, ["sh", "-c", "cat > /dev/null; echo late"], abort.signal);
  await assert.rejects(async () => {
    for await (const _ of run) { /* nothing comes */ }
  }, CancelledError);
});

Deno.test("throughProgram stops the programs a shell started too, which hold its pipes", async () => {
  const abort = new AbortController();
  const never = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(10)) });
  // sh waits on cat, and cat holds stderr open until its input ends, which it never does
  const run = throughProgram(
    never,
    ["sh", "-c", "echo ready; cat > /dev/null; echo late"],
    abort.signal,
  );
  await assert.rejects(async () => {
    for await (const chunk of run) {
      assert.equal(new TextDecoder().decode(chunk), "ready\n");
      abort.abort(new CancelledError("interrupted"));
    }
  }, CancelledError);
});

Deno.test("shieldedFromCtrlC runs the program in a session of its own, or with SIGINT ignored", async () => {
  const argv = shieldedFromCtrlC(["sh", "-c", "ps -o sid= -p $$; trap -p INT"]);
  const out = new TextDecoder().decode(
    (await new Deno.Command(argv[0], { args: argv.slice(1) }).output()).stdout,
  );
  const sid = Number(out.trim().split("\n")[0]);
  const mine = Number(
    new TextDecoder().decode(
      (await new Deno.Command("ps", { args: ["-o", "sid=", "-p", String(Deno.pid)] }).output())
        .stdout,
    ).trim(),
  );
  assert.ok(sid !== mine || /INT/.test(out), `session ${sid} (mine ${mine}): ${out}`);
});
