import assert from "node:assert/strict";
import { parseIni } from "./ini.ts";
import { resolveS3Config, S3CredentialsError, type S3Sources } from "./s3_config.ts";

function sources(env: Record<string, string>, credentials = "", config = ""): S3Sources {
  return {
    env: (n) => env[n],
    credentials: parseIni(credentials),
    config: parseIni(config),
    paths: { credentials: "/h/.aws/credentials", config: "/h/.aws/config" },
  };
}

Deno.test("resolveS3Config takes keys, region and endpoint from the environment first", () => {
  const c = resolveS3Config(
    sources(
      {
        AWS_ACCESS_KEY_ID: "AK",
        AWS_SECRET_ACCESS_KEY: "SK",
        AWS_REGION: "eu-2",
        AWS_ENDPOINT_URL_S3: "http://127.0.0.1:7480/",
      },
      "[default]\naws_access_key_id = other\naws_secret_access_key = other\n",
    ),
    { region: "job-region", endpoint: "http://job", pathStyle: false },
  );
  assert.equal(c.accessKeyId, "AK");
  assert.equal(c.region, "eu-2");
  assert.equal(c.endpoint, "http://127.0.0.1:7480");
  assert.equal(c.pathStyle, false); // the job asked for virtual hosts
  assert.equal(c.source, "AWS_ACCESS_KEY_ID");
});

Deno.test("resolveS3Config reads a named profile from both files", () => {
  const c = resolveS3Config(
    sources(
      { AWS_PROFILE: "ceph" },
      "[ceph]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_session_token = T\n",
      "[profile ceph]\nregion = r1\nendpoint_url = http://ceph:80\n",
    ),
  );
  assert.deepEqual(
    [c.accessKeyId, c.sessionToken, c.region, c.endpoint, c.pathStyle, c.source],
    ["AK", "T", "r1", "http://ceph:80", true, "profile ceph"],
  );
});

Deno.test("resolveS3Config uses AWS itself, virtual-hosted, when no endpoint is set", () => {
  const c = resolveS3Config(sources({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "S" }), {
    region: "eu-west-1",
  });
  assert.equal(c.endpoint, "https://s3.eu-west-1.amazonaws.com");
  assert.equal(c.pathStyle, false);
});

Deno.test("resolveS3Config without credentials says where it looked", () => {
  assert.throws(
    () => resolveS3Config(sources({}), { profile: "backup" }),
    (e: unknown) =>
      e instanceof S3CredentialsError && /profile "backup"/.test(e.message) &&
      /\/h\/.aws\/credentials/.test(e.message) && /AWS_ACCESS_KEY_ID/.test(e.message),
  );
});
