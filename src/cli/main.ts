/**
 * The command-line program: parses arguments, runs a command, maps errors to exit codes.
 * @module
 */
import { Argument, Command, CommanderError } from "@commander-js/extra-typings";
import { knownExtensions } from "../compress/format.ts";
import { findConfig, loadConfig } from "../config/load_config.ts";
import { tarzBuiltins } from "./builtins.ts";
import { completionScript, SHELLS } from "./completion_script.ts";
import { completionSpec } from "./completion_spec.ts";
import { writeJobCache } from "./completion_jobs.ts";
import { CancelledError } from "../util/run_control.ts";
import { ExitCode, TarzError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { addBackupCommands } from "./commands/backup.ts";
import { addCreateCommand } from "./commands/create.ts";
import { addExplainCommand } from "./commands/explain.ts";
import { addExtractCommand } from "./commands/extract.ts";
import { addInitCommand } from "./commands/init.ts";
import { addKeygenCommand } from "./commands/keygen.ts";
import { addStatusCommand } from "./commands/status.ts";
import { addListCommand } from "./commands/list.ts";
import { addScheduleCommands } from "./commands/schedule.ts";
import { addVerifyCommand } from "./commands/verify.ts";
import { colorState, fail, print, say } from "./output.ts";
import { translateBundle } from "./gnu_bundle.ts";
import { environmentError } from "../util/fs_errors.ts";
import { cliHint } from "./hints.ts";

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
  addKeygenCommand(program as unknown as Command, setExit);
  addStatusCommand(program as unknown as Command, setExit);
  addBackupCommands(program as unknown as Command, setExit);
  addScheduleCommands(program as unknown as Command, setExit);
  _addCompletions(program as unknown as Command);
  program.hook("preAction", (cmd) => {
    if (cmd.opts().color === false) colorState.enabled = false;
  });
  for (const c of program.commands) c.exitOverride();
  return program as unknown as Command;
}

/**
 * `tarz completions bash|zsh|fish` prints a script that completes from its own text
 * (commands, options, choices, archive names), generated from the commander definitions;
 * the hidden `tarz __jobs` gives it a config's job names, cached.
 */
function _addCompletions(program: Command): void {
  program
    .command("completions")
    .description("print a shell completion script (bash, zsh, fish)")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .addHelpText(
      "after",
      `
Examples:
  tarz completions bash > ~/.local/share/bash-completion/completions/tarz
  tarz completions zsh > "\${fpath[1]}/_tarz"
  tarz completions fish > ~/.config/fish/completions/tarz.fish`,
    )
    .action((shell) => {
      const s = shell as (typeof SHELLS)[number];
      print(completionScript(s, completionSpec(program), knownExtensions()).trimEnd());
    });
  program
    .command("__jobs", { hidden: true })
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .action(async (opts) => {
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const jobs = Object.keys(loaded.config.jobs);
      // keyed by the path as the script spells it, so that it finds the file again
      writeJobCache(opts.config?.startsWith("/") ? opts.config : loaded.file, jobs);
      for (const j of jobs) print(j);
    });
}

/** Whether `e`, or an error that caused it, is EPIPE: standard output closed by its reader. */
function _isBrokenPipe(e: unknown): boolean {
  for (let x = e, depth = 0; x && depth < 8; x = (x as Error).cause, depth++) {
    if (x instanceof Deno.errors.BrokenPipe) return true;
    if ((x as { code?: string }).code === "EPIPE") return true;
  }
  return false;
}

/** `args` with a GNU tar bundle first (`czf`, `-xvf`) turned into the tarz command. */
function _gnuBundle(program: Command, args: string[]): string[] {
  const first = args[0];
  const known = program.commands.some((c) => c.name() === first || c.aliases().includes(first));
  return (!known && translateBundle(args)) || args;
}

/** Runs tarz with `args` and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const debug = args.includes("--debug");
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(_gnuBundle(program, args), { from: "user" });
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
    // the reader of standard output went away (`| head`): its choice, not an error
    if (_isBrokenPipe(e)) return ExitCode.brokenPipe;
    if (e instanceof CancelledError) {
      say(`tarz: ${e.message}; ${e.left ?? "nothing was kept"}`);
      return ExitCode.interrupted;
    }
    if (e instanceof TarzError) {
      fail(e.message, cliHint(e));
      if (debug) say(e.stack ?? "");
      return e.exitCode;
    }
    const env = environmentError(e);
    if (env) {
      // the machine's state (read-only, full, no permission), not a fault of tarz
      fail(env.message, env.hint);
      if (debug) say((e as Error).stack ?? "");
      return ExitCode.failed;
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
