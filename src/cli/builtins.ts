/**
 * What a config file gets when it imports tarz (`import { defineConfig } from "tarz"`):
 * the running copy of tarz's library API, built-in plugins included.
 * @module
 */
import * as tarz from "../../mod.ts";

/** The library's exports, for the config loader. */
export const TARZ_BUILTINS: Record<string, unknown> = { ...tarz };
