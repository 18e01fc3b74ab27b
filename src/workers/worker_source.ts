/**
 * A Worker's code as typed TypeScript functions, shipped as source text: the entry function
 * runs in the Worker with its helpers passed in by name. Every function must be
 * self-contained: it may use globals (Deno, Atomics, self) and its parameters, nothing from
 * its module, since only its own text reaches the Worker. Helpers arrive as properties of an
 * object, whose names a bundler leaves alone.
 * @module
 */

/** What a Worker's entry gets as `self`: the parts of its global scope tarz's workers use. */
export interface WorkerScope {
  // deno-lint-ignore no-explicit-any
  onmessage: ((event: MessageEvent<any>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

// deno-lint-ignore no-explicit-any
type _Fn = (...args: any[]) => unknown;

/**
 * The source text of a Worker that runs `entry(self, helpers)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { workerSource } from "./worker_source.ts";
 * const double = (n: number) => n * 2;
 * const src = workerSource((_self: unknown, h: { double: typeof double }) => h.double(2), {
 *   double,
 * });
 * assert.match(src, /^\(/);
 * ```
 */
export function workerSource<H extends Record<string, _Fn>>(
  entry: (self: WorkerScope, helpers: H) => void,
  helpers: H,
): string {
  const props = Object.entries(helpers).map(([name, fn]) => `${JSON.stringify(name)}: ${fn}`);
  return `(${entry})(self, {\n${props.join(",\n")}\n});\n`;
}
