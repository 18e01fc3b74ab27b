/**
 * Runs an async byte stream through a Node.js Transform (node:zlib) with backpressure on
 * both sides: input waits for "drain", output is pulled only as fast as it is consumed.
 * @module
 */
import type { Transform } from "node:stream";

/** Waits until a stream that refused a write can take more: "drain", or its end or close. */
export function waitForDrain(stream: Transform): Promise<void> {
  // already over: "close" may have fired before anyone listened
  if (stream.destroyed || stream.writableFinished) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("end", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("end", done);
    stream.on("close", done);
  });
}

/** Pipes `source` through `transform`, yielding its output. */
export async function* throughNode(
  source: AsyncIterable<Uint8Array>,
  transform: Transform,
): AsyncGenerator<Uint8Array> {
  let pumpError: unknown;
  transform.on("error", () => {}); // surfaced by the iteration below, never uncaught
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (transform.destroyed || transform.writableEnded) return;
        if (!transform.write(chunk)) await waitForDrain(transform);
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
