/**
 * A yes/no question answered by a single key, as Rich's `Confirm` and most installers do:
 * `y` means yes; `n`, Enter and Escape mean no (the default); Ctrl-C means yes; other keys
 * are ignored. The terminal is in raw mode only while it asks (terminal adapter).
 * @module
 */
import process from "node:process";

/** What one key means: true for yes, false for no, null for a key that does not answer. */
export function answerOf(byte: number): boolean | null {
  switch (byte) {
    case 0x79: // y
    case 0x59: // Y
    case 0x03: // Ctrl-C, which raw mode delivers as a byte: a second interrupt means yes
      return true;
    case 0x6e: // n
    case 0x4e: // N
    case 0x0d: // Enter
    case 0x0a:
    case 0x1b: // Escape
    case 0x04: // Ctrl-D
      return false;
    default:
      return null;
  }
}

/** Shows `question` on standard error, waiting for its key. */
export function showQuestion(question: string): void {
  process.stderr.write(`? ${question} (y/N) `);
}

/** Shows the answer after the question, and ends its line. */
export function showAnswer(yes: boolean): void {
  process.stderr.write(yes ? "yes\n" : "no\n");
}

/**
 * Asks `question` on standard error and resolves with the answer of the first key that
 * answers. An abort of `signal` (a second SIGINT before raw mode took over) means yes.
 * Needs a terminal on standard input.
 */
export function askYesNo(question: string, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const wasRaw = stdin.isRaw ?? false;
    const done = (yes: boolean) => {
      stdin.off("data", onData);
      signal?.removeEventListener("abort", onAbort);
      stdin.setRawMode?.(wasRaw);
      stdin.pause(); // stop reading, so the process can exit
      showAnswer(yes);
      resolve(yes);
    };
    const onData = (chunk: Uint8Array) => {
      for (const byte of chunk) {
        const yes = answerOf(byte);
        if (yes !== null) return done(yes);
      }
    };
    const onAbort = () => done(true);
    if (signal?.aborted) return resolve(true);
    showQuestion(question);
    stdin.setRawMode?.(true);
    stdin.on("data", onData);
    stdin.resume();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
