/**
 * How a create holds its plan: streaming, or whole before the first byte.
 * @module
 */
import { compressorTraits } from "../compress/traits.ts";
import type { Format } from "../compress/format.ts";
import { flattenPlugins } from "../plugin/hook_runner.ts";
import type { CreateOptions } from "./create_options.ts";

/**
 * How a create holds its plan: `"stream"`, the walk feeding the encoder with a bounded
 * lookahead, so memory does not grow with the tree; or `"whole"`, every entry planned before
 * the first byte is read.
 */
export type PlanMode = "stream" | "whole";

/**
 * The plan mode of a create: whole for a plugin or a backup that looks at (or changes) the
 * plan, for a dry run, and for a compressor that wants the input size first (brotli);
 * streaming otherwise. Listing entries (`onEntry`, `-v`) streams: each is listed as it is
 * pulled into the encoder.
 */
export function planMode(options: CreateOptions, format: Format): PlanMode {
  const traits = compressorTraits(format, options.compressProgram, options.threads);
  const p = options.plugins;
  const transforms = Array.isArray(p)
    ? flattenPlugins(p).some((x) => x.transformEntry)
    : p?.has("transformEntry");
  const whole = options.adjustPlan || options.dryRun || transforms || traits.wantsSize;
  return whole ? "whole" : "stream";
}
