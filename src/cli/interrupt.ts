/**
 * Ctrl-C and SIGTERM handling for long runs (terminal adapter).
 *
 * On a terminal, Ctrl-C pauses the run and the progress display and asks
 * "Interrupt archiving? (y/N)". No resumes exactly where it stopped; yes cancels; a second
 * Ctrl-C while the prompt is open means yes. Without a terminal, `--on-interrupt` decides
 * (cancel at once by default). SIGTERM always cancels.
 *
 * The question takes a single key (see key_prompt.ts). The handler is registered with
 * `process.on("SIGINT")`: log-update uses signal-exit, which re-raises SIGINT (killing the
 * process) unless a Node-style listener exists. `Deno.addSignalListener` alone does not
 * count for it.
 * @module
 */
import process from "node:process";
import type { Reporter } from "../progress/reporter.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { askYesNo } from "./key_prompt.ts";

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
  let asking: AbortController | null = null;

  const onSigint = () => {
    if (asking) {
      asking.abort(); // second Ctrl-C while asking: yes
      return;
    }
    if (!options.interactive) {
      if (options.onInterrupt === "cancel") control.cancel("interrupted");
      return;
    }
    control.pause();
    options.progress?.pause();
    reporter.stop();
    const ask = new AbortController();
    asking = ask;
    askYesNo(options.question, ask.signal).then((yes) => {
      asking = null;
      if (yes) control.cancel("interrupted");
      else {
        options.progress?.resume();
        reporter.start();
        control.resume();
      }
    });
  };
  const onSigterm = () => control.cancel("terminated");

  process.on("SIGINT", onSigint);
  let termInstalled = false;
  try {
    Deno.addSignalListener("SIGTERM", onSigterm);
    termInstalled = true;
  } catch { /* not supported on this platform */ }
  return () => {
    process.off("SIGINT", onSigint);
    if (termInstalled) Deno.removeSignalListener("SIGTERM", onSigterm);
  };
}
