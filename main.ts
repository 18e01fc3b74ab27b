/**
 * The tarz command-line entry point: `deno run -A main.ts <command> ...`.
 * @module
 */
import { main } from "./src/cli/main.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
