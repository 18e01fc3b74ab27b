/**
 * A TCP proxy between tarz and the S3 server that injects faults, for the retry tests. It
 * reads each request's head (and body, by Content-Length), forwards it on a connection of
 * its own with `Connection: close`, and passes the answer back until the server closes.
 * `fault(n, head)` decides, for request n (from 1), what happens to it:
 * - "pass": forwarded as is;
 * - "slowdown": answered 503 SlowDown, never forwarded;
 * - "drop": forwarded, then the connection is cut: at once for a request that sends data,
 *   after 64 KiB of the answer for a GET (a download that must resume).
 * @module
 */

/** What happens to one request. */
export type Fault = "pass" | "slowdown" | "drop";

/** A running proxy: its URL and how many faults it injected. */
export interface FaultProxy {
  url: string;
  injected: { slowdown: number; drop: number };
  close(): void;
}

/** Starts a proxy to `upstream` (http://host:port). */
export function faultProxy(
  upstream: string,
  fault: (n: number, head: string) => Fault,
): FaultProxy {
  const up = new URL(upstream);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const injected = { slowdown: 0, drop: 0 };
  let n = 0;
  (async () => {
    for await (const conn of listener) {
      _serve(conn, up, () => ++n, fault, injected).catch(() => {}).finally(() => _close(conn));
    }
  })().catch(() => {/* closed */});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    injected,
    close: () => listener.close(),
  };
}

async function _serve(
  conn: Deno.Conn,
  up: URL,
  next: () => number,
  fault: (n: number, head: string) => Fault,
  injected: FaultProxy["injected"],
): Promise<void> {
  const { head, body } = await _readRequest(conn);
  const what = fault(next(), head);
  if (what === "slowdown") {
    injected.slowdown++;
    const xml =
      "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
    await _writeAll(
      conn,
      new TextEncoder().encode(
        `HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: ${xml.length}\r\nConnection: close\r\n\r\n${xml}`,
      ),
    );
    return;
  }
  const server = await Deno.connect({ hostname: up.hostname, port: Number(up.port) });
  try {
    const closing = head.replace(/\r\nconnection:[^\r]*/i, "").replace(
      /\r\n\r\n$/,
      "\r\nConnection: close\r\n\r\n",
    );
    await _writeAll(server, new TextEncoder().encode(closing));
    await _writeAll(server, body);
    const isGet = head.startsWith("GET ");
    let budget = what === "drop" ? (isGet ? 64 << 10 : 0) : Infinity;
    if (what === "drop") injected.drop++;
    const buf = new Uint8Array(64 << 10);
    while (budget > 0) {
      const r = await server.read(buf);
      if (r === null) break;
      const k = Math.min(r, budget);
      await _writeAll(conn, buf.subarray(0, k));
      budget -= k;
    }
  } finally {
    _close(server);
  }
}

/** The request head (through the blank line) and its body (Content-Length bytes). */
async function _readRequest(conn: Deno.Conn): Promise<{ head: string; body: Uint8Array }> {
  let data: Uint8Array = new Uint8Array(0);
  const buf = new Uint8Array(64 << 10);
  let end = -1;
  while (end < 0) {
    const r = await conn.read(buf);
    if (r === null) throw new Error("closed before a request");
    data = _concat(data, buf.subarray(0, r));
    end = _find(data, "\r\n\r\n");
  }
  const head = new TextDecoder().decode(data.subarray(0, end + 4));
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  let body: Uint8Array = data.subarray(end + 4);
  while (body.length < length) {
    const r = await conn.read(buf);
    if (r === null) break;
    body = _concat(body, buf.subarray(0, r));
  }
  return { head, body };
}

function _find(data: Uint8Array, s: string): number {
  const text = new TextDecoder("latin1").decode(data);
  return text.indexOf(s);
}

function _concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function _writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length;) off += await conn.write(data.subarray(off));
}

function _close(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch { /* closed */ }
}
