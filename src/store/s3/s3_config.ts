/**
 * Where the S3 credentials, region and endpoint come from, in the order the AWS CLI and
 * SDKs use: the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`), then the
 * profile (`AWS_PROFILE`, else "default") in `~/.aws/credentials` and `~/.aws/config`, then
 * a job's `storage.s3`. {@linkcode resolveS3Config} is pure; {@linkcode loadS3Config} reads
 * the environment and the files.
 * @module
 */
import { TarzError } from "../../errors.ts";
import { type Ini, parseIni } from "./ini.ts";

/** A job's S3 settings (`storage: { s3: … }`); the environment wins over them. */
export interface S3Settings {
  /** The service's URL, for MinIO, Ceph, R2, B2 and the like. */
  endpoint?: string;
  /** The region (default: AWS_REGION, else us-east-1). */
  region?: string;
  /** A profile of `~/.aws/credentials` and `~/.aws/config`. */
  profile?: string;
  /** Address buckets as `endpoint/bucket` (the default for a custom endpoint). */
  pathStyle?: boolean;
  /** The storage class new objects get (STANDARD_IA, GLACIER_IR, …). */
  storageClass?: string;
}

/** Everything a request needs. The secret never leaves this object but to sign. */
export interface S3Config {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  /** Without a trailing slash. */
  endpoint: string;
  pathStyle: boolean;
  storageClass?: string;
  /** Where the credentials came from, for messages: "AWS_ACCESS_KEY_ID", "profile ceph". */
  source: string;
}

/** Thrown when no credentials are found; says where tarz looked (exit code 1). */
export class S3CredentialsError extends TarzError {
  override name = "S3CredentialsError";
}

/** What {@linkcode resolveS3Config} reads: the environment and the two files, parsed. */
export interface S3Sources {
  env: (name: string) => string | undefined;
  credentials: Ini;
  config: Ini;
  /** The paths of the two files, for the message when nothing is found. */
  paths: { credentials: string; config: string };
}

/** Picks credentials, region and endpoint from `sources`, then `settings`. Pure. */
export function resolveS3Config(sources: S3Sources, settings: S3Settings = {}): S3Config {
  const env = sources.env;
  const profile = env("AWS_PROFILE") || settings.profile || "default";
  const cred = sources.credentials.get(profile);
  const conf = sources.config.get(profile === "default" ? "default" : `profile ${profile}`) ??
    sources.config.get(profile);
  const pick = (key: string) => cred?.get(key) ?? conf?.get(key);
  let keys: { id?: string; secret?: string; token?: string; source: string };
  if (env("AWS_ACCESS_KEY_ID") && env("AWS_SECRET_ACCESS_KEY")) {
    keys = {
      id: env("AWS_ACCESS_KEY_ID"),
      secret: env("AWS_SECRET_ACCESS_KEY"),
      token: env("AWS_SESSION_TOKEN") || undefined,
      source: "AWS_ACCESS_KEY_ID",
    };
  } else {
    keys = {
      id: pick("aws_access_key_id"),
      secret: pick("aws_secret_access_key"),
      token: pick("aws_session_token"),
      source: `profile ${profile}`,
    };
  }
  if (!keys.id || !keys.secret) {
    throw new S3CredentialsError(
      `No S3 credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and profile "${profile}" has none in ${sources.paths.credentials} or ${sources.paths.config}`,
      1,
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile that has keys",
    );
  }
  const region = env("AWS_REGION") || env("AWS_DEFAULT_REGION") || conf?.get("region") ||
    settings.region || "us-east-1";
  const custom = env("AWS_ENDPOINT_URL_S3") || env("AWS_ENDPOINT_URL") ||
    conf?.get("s3.endpoint_url") || conf?.get("endpoint_url") || settings.endpoint;
  const style = conf?.get("s3.addressing_style");
  return {
    accessKeyId: keys.id,
    secretAccessKey: keys.secret,
    sessionToken: keys.token,
    region,
    endpoint: (custom ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, ""),
    pathStyle: style ? style === "path" : settings.pathStyle ?? custom !== undefined,
    storageClass: settings.storageClass,
    source: keys.source,
  };
}

/** Reads the environment and the AWS files, then resolves. */
export function loadS3Config(settings: S3Settings = {}): S3Config {
  const env = (name: string) => Deno.env.get(name);
  const home = env("HOME") ?? env("USERPROFILE") ?? "";
  const paths = {
    credentials: env("AWS_SHARED_CREDENTIALS_FILE") ?? `${home}/.aws/credentials`,
    config: env("AWS_CONFIG_FILE") ?? `${home}/.aws/config`,
  };
  return resolveS3Config({
    env,
    credentials: _readIni(paths.credentials),
    config: _readIni(paths.config),
    paths,
  }, settings);
}

function _readIni(path: string): Ini {
  try {
    return parseIni(Deno.readTextFileSync(path));
  } catch {
    return new Map(); // missing or unreadable: as if empty, and named if nothing is found
  }
}
