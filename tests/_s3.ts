/**
 * The S3 server the end-to-end tests use: Ceph's RADOS Gateway, started by
 * tests/services/start-rgw.sh (`.ci/run` does it and sets TARZ_TEST_S3_ENV to the env file
 * the script writes). Without it the S3 tests are skipped, unless TARZ_REQUIRE_S3=1 (CI),
 * which makes them fail instead.
 * @module
 */
import { S3Client } from "../src/store/s3/s3_client.ts";
import { S3Store } from "../src/store/s3/s3_store.ts";
import type { S3Config } from "../src/store/s3/s3_config.ts";
import { readBytes } from "../src/store/store_for.ts";

/** The server's address and a user's keys, as tarz's environment. */
export interface S3Server {
  env: Record<string, string>;
  config: S3Config;
}

function _load(): S3Server | null {
  const file = Deno.env.get("TARZ_TEST_S3_ENV");
  let text: string | null = null;
  try {
    if (file) text = Deno.readTextFileSync(file);
  } catch { /* not there */ }
  if (!text) {
    if (Deno.env.get("TARZ_REQUIRE_S3") === "1") {
      throw new Error(`TARZ_REQUIRE_S3=1 but no S3 server env file at ${file ?? "(unset)"}`);
    }
    return null;
  }
  const vars = Object.fromEntries(
    text.split("\n").filter((l) => l.includes("=")).map((l) => {
      const i = l.indexOf("=");
      return [l.slice(0, i), l.slice(i + 1)];
    }),
  );
  const env = {
    AWS_ACCESS_KEY_ID: vars.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: vars.AWS_SECRET_ACCESS_KEY,
    AWS_REGION: vars.AWS_REGION,
    AWS_ENDPOINT_URL: vars.S3_ENDPOINT,
    AWS_PROFILE: "",
    AWS_ENDPOINT_URL_S3: "",
    AWS_SESSION_TOKEN: "",
    TARZ_S3_RETRY_BASE_MS: "20",
  };
  const config: S3Config = {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    pathStyle: true,
    source: "AWS_ACCESS_KEY_ID",
  };
  return { env, config };
}

/** The test server, or null when there is none (the tests that need it are skipped). */
export const s3: S3Server | null = _load();

let _buckets = 0;

/** A new, empty bucket for one test; its store, for checking what is there. */
export async function newBucket(server: S3Server): Promise<{ name: string; store: S3Store }> {
  const name = `t-${Deno.pid}-${Date.now().toString(36)}-${_buckets++}`;
  const client = new S3Client(server.config, { attempts: 3, baseMs: 20, capMs: 200 });
  const res = await client.send({ method: "PUT", bucket: name });
  await res.body?.cancel();
  return { name, store: new S3Store(name, {}, client) };
}

/** The bytes of an object. */
export function download(store: S3Store, key: string): Promise<Uint8Array> {
  return readBytes(store, key);
}
