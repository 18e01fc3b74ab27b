/**
 * `tarz keygen`: makes an age identity, as `age-keygen` does, so that encrypted backups need
 * nothing beyond tarz. The identity file is written with mode 0600, never over an existing
 * file, and the recipient (the public key for `encrypt: { recipients }`) is printed.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { ExitCode, UsageError } from "../../errors.ts";
import { print, say } from "../output.ts";

/** Adds the `keygen` command to `program`. */
export function addKeygenCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("keygen")
    .description("make an age identity (secret key) file and print its recipient")
    .requiredOption("-o, --output <file>", "where to write the identity (mode 0600)")
    .addHelpText(
      "after",
      `
Examples:
  tarz keygen -o ~/.config/tarz/key.txt
  # then, in tarz.config.ts: encrypt: { recipients: ["age1..."] }`,
    )
    .action(async (opts) => {
      const { generateIdentity, identityToRecipient } = await import("age-encryption");
      const identity = await generateIdentity();
      const recipient = await identityToRecipient(identity);
      const text = `# created: ${
        new Date().toISOString()
      }\n# public key: ${recipient}\n${identity}\n`;
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(opts.output, { write: true, createNew: true, mode: 0o600 });
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) {
          throw new UsageError(
            `${opts.output} already exists`,
            "keep that key (its archives need it) and choose another file name",
          );
        }
        throw e;
      }
      try {
        Deno.chmodSync(opts.output, 0o600); // whatever the umask
        file.writeSync(new TextEncoder().encode(text));
      } finally {
        file.close();
      }
      say(`Wrote the identity to ${opts.output} (mode 0600); keep a copy somewhere safe.`);
      say("Its recipient, for encrypt: { recipients: [...] } or create -r:");
      print(recipient);
      setExit(ExitCode.ok);
    });
}
