/**
 * Runs an async byte stream through a Node.js Transform (node:zlib) with backpressure on
 * both sides: input waits for "drain", output is pulled only as fast as it is consumed.
 * @module
 */
import type { Transform } from "node:stream";

/** Pipes `source` through `transform`, yielding its output. */
export async function* throughNode(
  source: AsyncIterable<Uint8Array>,
  transform: Transform,
): AsyncGenerator<Uint8Array> {
  let pumpError: unknown;
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (transform.destroyed || transform.writableEnded) return;
        if (!transform.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              transform.off("drain", done);
              transform.off("close", done);
              resolve();
            };
            transform.on("drain", done);
            transform.on("close", done);
          });
        }
      }
      if (!transform.writableEnded && !transform.destroyed) transform.end();
    } catch (e) {
      pumpError = e;
      transform.destroy(e as Error);
    }
  })();
  try {
    for await (const chunk of transform) {
      yield chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    }
  } catch (e) {
    throw pumpError ?? e;
  } finally {
    if (!transform.destroyed) transform.destroy();
    await pump;
  }
  if (pumpError) throw pumpError;
}
