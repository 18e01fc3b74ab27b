/**
 * What a config file gets when it imports tarz (`import { defineConfig } from "tarz"`):
 * the running copy of tarz's library API, built-in plugins included.
 * @module
 */

/**
 * The library's exports, for the config loader. Loaded when a config is, so that commands
 * without one do not load the whole library (the specifier is a literal, so `deno compile`
 * includes it).
 */
export async function tarzBuiltins(): Promise<Record<string, unknown>> {
  return { ...(await import("../../mod.ts")) };
}
