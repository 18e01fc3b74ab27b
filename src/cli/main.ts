/**
 * The command-line program: parses arguments, runs a command, maps errors to exit codes.
 * @module
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { CancelledError } from "../util/run_control.ts";
import { ExitCode, TarzError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { addCreateCommand } from "./commands/create.ts";
import { addExplainCommand } from "./commands/explain.ts";
import { addExtractCommand } from "./commands/extract.ts";
import { addInitCommand } from "./commands/init.ts";
import { addListCommand } from "./commands/list.ts";
import { addVerifyCommand } from "./commands/verify.ts";
import { colorState, fail, say } from "./output.ts";

/** Builds the commander program; `setExit` receives each command's exit code. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command()
    .name("tarz")
    .description(
      "A fast, safe tar archiver: create, list, extract and verify archives, and run backups.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "show stack traces for errors")
    .option("--no-color", "disable colours (also NO_COLOR)")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => Deno.stderr.writeSync(new TextEncoder().encode(s)),
      outputError: (s, write) => write(s.replace(/^error:/, "tarz: error:")),
    });
  addCreateCommand(program as unknown as Command, setExit);
  addListCommand(program as unknown as Command, setExit);
  addExtractCommand(program as unknown as Command, setExit);
  addVerifyCommand(program as unknown as Command, setExit);
  addExplainCommand(program as unknown as Command, setExit);
  addInitCommand(program as unknown as Command, setExit);
  program.hook("preAction", (cmd) => {
    if (cmd.opts().color === false) colorState.enabled = false;
  });
  for (const c of program.commands) c.exitOverride();
  return program as unknown as Command;
}

/** Runs tarz with `args` and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const debug = args.includes("--debug");
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(args, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" || e.code === "commander.version" ||
        e.code === "commander.help"
      ) {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    if (e instanceof CancelledError) {
      say(`tarz: ${e.message}; nothing was kept`);
      return ExitCode.interrupted;
    }
    if (e instanceof TarzError) {
      fail(e.message, e.hint);
      if (debug) say(e.stack ?? "");
      return e.exitCode;
    }
    const err = e as Error;
    fail(
      `${err?.message ?? String(e)}`,
      debug ? undefined : "this is a bug in tarz; rerun with --debug and report it",
    );
    if (debug) say(err?.stack ?? "");
    return ExitCode.failed;
  }
}
