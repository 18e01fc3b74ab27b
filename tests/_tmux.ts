/**
 * Driving a real terminal for tests: a command runs in a detached tmux session, keys go in
 * with send-keys, and the screen is read with capture-pane.
 * @module
 */
import { run } from "./_helpers.ts";

/** The visible screen of `session`. */
export async function screen(session: string): Promise<string> {
  return (await run(["tmux", "capture-pane", "-t", session, "-p"])).stdout;
}

/** Waits until the screen matches `pattern` (checking every 100 ms); returns the screen. */
export async function waitFor(session: string, pattern: RegExp, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const s = await screen(session);
    if (pattern.test(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern}; screen:\n${await screen(session)}`);
}

/** Presses keys in `session`. */
export async function keys(session: string, ...names: string[]): Promise<void> {
  await run(["tmux", "send-keys", "-t", session, ...names]);
}

/** Runs `command` (bash) in a new session (120×30); `use` gets its name; always killed after. */
export async function inTmux<T>(
  command: string,
  use: (session: string) => Promise<T>,
  columns = 120,
): Promise<T> {
  const session = `tarz-${crypto.randomUUID().slice(0, 8)}`;
  await run([
    "tmux",
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    String(columns),
    "-y",
    "30",
    "bash",
    "-c",
    command,
  ]);
  try {
    return await use(session);
  } finally {
    await run(["tmux", "kill-session", "-t", session]);
  }
}

/** Whether the terminal of `session` shows its cursor. */
export async function cursorShown(session: string): Promise<boolean> {
  const r = await run(["tmux", "display", "-p", "-t", session, "#{cursor_flag}"]);
  return r.stdout.trim() === "1";
}
