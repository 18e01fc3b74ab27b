/**
 * Ctrl-C and SIGTERM handling for long runs (terminal adapter).
 *
 * On a terminal, Ctrl-C pauses the run and the progress display and asks
 * "Interrupt archiving? (y/N)". No resumes exactly where it stopped; yes cancels; a second
 * Ctrl-C while the prompt is open means yes. Without a terminal, `--on-interrupt` decides
 * (cancel at once by default). SIGTERM always cancels.
 *
 * The question takes a single key (see key_prompt.ts). On a terminal that tarz can drive,
 * Ctrl-C is read as a key for the whole run (terminal_keys.ts): signals that come in a
 * burst are merged while the event loop is busy, so a quick double press used to leave the
 * question open. It also keeps the terminal's Ctrl-C from npm and sh when tarz runs under
 * `npx`. `kill -INT` still works as before. The handler is registered with
 * `process.on("SIGINT")`: log-update uses signal-exit, which re-raises SIGINT (killing the
 * process) unless a Node-style listener exists. `Deno.addSignalListener` alone does not
 * count for it.
 * @module
 */
import process from "node:process";
import type { Reporter } from "../progress/reporter.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { answerOf, askYesNo, showAnswer, showQuestion } from "./key_prompt.ts";
import { TerminalKeys } from "./terminal_keys.ts";

/** What to do on Ctrl-C when nobody can be asked. */
export type OnInterrupt = "cancel" | "continue";

/** Options for {@linkcode installInterruptHandler}. */
export interface InterruptOptions {
  control: RunControl;
  reporter: Reporter;
  /** Its clock stops while the question waits, so speed and ETA leave the pause out. */
  progress?: ProgressState;
  /** The question, e.g. "Interrupt archiving?". */
  question: string;
  onInterrupt: OnInterrupt;
  /** Whether a person can answer (stdin and stderr are terminals). */
  interactive: boolean;
}

/** Installs the handlers; returns a function that removes them. */
export function installInterruptHandler(options: InterruptOptions): () => void {
  const { control, reporter } = options;
  /** Set while the question waits: gives the answer. */
  let answer: ((yes: boolean) => void) | null = null;

  const finish = (yes: boolean) => {
    answer = null;
    if (yes) return control.cancel("interrupted");
    options.progress?.resume();
    reporter.start();
    control.resume();
  };
  const ask = () => {
    control.pause();
    options.progress?.pause();
    reporter.stop();
    if (keys) {
      answer = (yes) => {
        showAnswer(yes);
        finish(yes);
      };
      showQuestion(options.question);
      return;
    }
    const abort = new AbortController();
    answer = () => abort.abort(); // a second Ctrl-C before raw mode took over: yes
    askYesNo(options.question, abort.signal).then(finish);
  };
  const onKey = (byte: number) => {
    if (answer) {
      const yes = answerOf(byte);
      if (yes !== null) answer(yes);
    } else if (byte === 0x03) ask();
  };
  // where the terminal allows, Ctrl-C is read as a key: a burst of two is then two
  const keys = options.interactive ? TerminalKeys.start(onKey) : null;

  const onSigint = () => {
    if (answer) answer(true); // a second interrupt while asking: yes
    else if (options.interactive) ask();
    else if (options.onInterrupt === "cancel") control.cancel("interrupted");
  };
  const onSigterm = () => control.cancel("terminated");

  process.on("SIGINT", onSigint);
  let termInstalled = false;
  try {
    Deno.addSignalListener("SIGTERM", onSigterm);
    termInstalled = true;
  } catch { /* not supported on this platform */ }
  return () => {
    keys?.stop();
    process.off("SIGINT", onSigint);
    if (termInstalled) Deno.removeSignalListener("SIGTERM", onSigterm);
  };
}
