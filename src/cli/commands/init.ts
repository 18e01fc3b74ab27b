/**
 * `tarz init`: writes a commented starter `tarz.config.ts`.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { CONFIG_NAME } from "../../config/load_config.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { say } from "../output.ts";

/** The starter config. */
export const STARTER = `// tarz.config.ts: jobs for \`tarz create --job NAME\` and \`tarz backup\`.
// Every key is documented in docs/config.md; \`tarz explain PATH\` says why a path is in or out.
import { defineConfig, gitignore, manifest } from "tarz";

export default defineConfig({
  // Defaults for every job; a job's own keys and command-line flags win.
  defaults: {
    format: "zstd", // tar, gzip, zstd, brotli, xz or bzip2
    // level: 3,
    // reproducible: true,
  },
  jobs: {
    project: {
      sources: ["."], // relative to this file's directory
      // {job}, {date} (YYYY-MM-DD), {time} (HHMMSS, UTC) and {host} are filled in;
      // with {date} and {time} every run gets a name of its own
      output: "../{job}-{date}T{time}.tar.zst",
      // .gitignore syntax, anchored at each source: "/build" only at the top,
      // "*.log" anywhere, "cache/" directories only; "!x" or include re-adds.
      exclude: ["node_modules/", "*.log"],
      include: [],
      excludeVcs: true, // .git, .hg, .svn, ...
      excludeCaches: true, // directories with a CACHEDIR.TAG
      plugins: [
        gitignore(), // honour the .gitignore files inside the sources
        manifest(), // write <archive>.manifest.json; check with \`tarz verify --manifest\`
      ],
      // For \`tarz backup\` (see docs/backup.md). Which archives to keep; a kept
      // incremental keeps the archives it builds on. \`tarz prune --dry-run\` shows it.
      // retention: { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
      // When \`tarz daemon\` (or \`tarz schedule install\`) runs it: cron syntax.
      // schedule: "0 3 * * *", // every night at 03:00
      // timezone: "Europe/Berlin",
      // Store only what changed since the last archive; \`tarz restore\` applies the chain.
      // incremental: { fullEvery: "7d" }, // or a count: 6 incrementals, then a full one
      // Encrypt with age: make a key with \`tarz keygen -o ~/.tarz-key.txt\`, put the
      // printed age1... recipient here, and add .age to the output name.
      // encrypt: { recipients: ["age1..."] },
    },
  },
});
`;

/** Adds the `init` command to `program`. */
export function addInitCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("init")
    .description(`write a commented starter ${CONFIG_NAME}`)
    .option("--force", "overwrite an existing file")
    .option("-o, --output <file>", "where to write it", CONFIG_NAME)
    .addHelpText(
      "after",
      `
Examples:
  tarz init
  tarz init -o ~/backup/tarz.config.ts --force`,
    )
    .action((opts) => {
      try {
        Deno.writeTextFileSync(opts.output, STARTER, { createNew: !opts.force });
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) {
          throw new UsageError(`${opts.output} already exists`, "pass --force to replace it");
        }
        throw e;
      }
      say(`Wrote ${opts.output}. Try: tarz create --job project --dry-run -v`);
      setExit(ExitCode.ok);
    });
}
