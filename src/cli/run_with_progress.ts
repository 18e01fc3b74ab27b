/**
 * Runs a long operation with a progress display and the Ctrl-C prompt around it.
 * @module
 */
import { ProgressState } from "../progress/progress_state.ts";
import { createReporter, type ProgressMode, type Reporter } from "../progress/reporter.ts";
import { RunControl } from "../util/run_control.ts";
import { installInterruptHandler, type OnInterrupt } from "./interrupt.ts";
import { colorState } from "./output.ts";

/** Options for {@linkcode runWithProgress}. */
export interface RunOptions {
  progress: ProgressMode;
  onInterrupt?: OnInterrupt;
  verb: string;
  question: string;
}

/** What the operation receives. */
export interface RunContext {
  state: ProgressState;
  control: RunControl;
  reporter: Reporter;
}

/** Runs `op` with progress and interrupt handling; always clears the display. */
export async function runWithProgress<T>(
  options: RunOptions,
  op: (ctx: RunContext) => Promise<T>,
): Promise<T> {
  const state = new ProgressState();
  const control = new RunControl();
  const reporter = await createReporter(options.progress, state, options.verb, {
    color: colorState.enabled,
  });
  const interactive = Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
  const uninstall = installInterruptHandler({
    control,
    reporter,
    progress: state,
    question: options.question,
    onInterrupt: options.onInterrupt ?? "cancel",
    interactive,
  });
  reporter.start();
  try {
    return await op({ state, control, reporter });
  } finally {
    reporter.stop();
    uninstall();
  }
}
