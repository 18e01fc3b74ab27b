import assert from "node:assert/strict";
import { parseIni } from "./ini.ts";

Deno.test("parseIni reads sections, keys, comments and nested blocks", () => {
  const ini = parseIni(
    "# comment\n[default]\naws_access_key_id = AK\n; other\nAWS_Secret_Access_Key=SK\n\n" +
      "[profile ceph]\nregion = eu-1\ns3 =\n  addressing_style = path\nendpoint_url = http://x\n",
  );
  assert.equal(ini.get("default")?.get("aws_access_key_id"), "AK");
  assert.equal(ini.get("default")?.get("aws_secret_access_key"), "SK");
  assert.equal(ini.get("profile ceph")?.get("s3.addressing_style"), "path");
  assert.equal(ini.get("profile ceph")?.get("endpoint_url"), "http://x");
});

Deno.test("parseIni ignores lines outside a section and lines it does not understand", () => {
  const ini = parseIni("key = before\n[a]\nnot a pair\nk = v\n");
  assert.deepEqual([...ini.keys()], ["a"]);
  assert.deepEqual([...ini.get("a")!], [["k", "v"]]);
});
