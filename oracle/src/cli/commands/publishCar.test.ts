import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import { cidOf, fileFromCar } from "@coherence/protocol/ipfs";
import { workedManifest } from "../../manifest/workedManifest.ts";
import { ManifestStore } from "../../operator/manifestStore.ts";
import { command } from "../command.ts";
import { dispatchCaptured } from "../dispatchCaptured.ts";
import * as publishCar from "./publishCar.ts";

const dir = await mkdtemp(path.join(tmpdir(), "ccn-publish-car-"));
after(() => rm(dir, { recursive: true, force: true }));
const ccn = (...argv: string[]) => dispatchCaptured([command(publishCar)], argv);

describe("ccn publish car", () => {
  test("writes <cid>.car of the manifest and prints the CID first", async () => {
    const { file } = await new ManifestStore(dir).write(workedManifest());
    const out = path.join(dir, "car");
    const { code, stdout } = await ccn("publish", "car", file, "--out", out);
    assert.equal(code, 0, stdout);
    const cid = stdout.split("\n")[0] as string;
    assert.match(cid, /^bafk/, "a manifest of one chunk is one raw block");
    assert.deepEqual(
      await fileFromCar(await readFile(path.join(out, `${cid}.car`)), cidOf(cid)),
      new Uint8Array(await readFile(file)),
    );
    const json = await ccn("publish", "car", file, "--out", out, "--json");
    assert.equal((JSON.parse(json.stdout) as { uri: string }).uri, `ipfs://${cid}`);
  });

  test("--block-bytes packs smaller blocks: another CID, the same file; a size out of bounds is refused", async () => {
    const { file } = await new ManifestStore(dir).write(workedManifest());
    const out = path.join(dir, "small");
    const { code, stdout } = await ccn("publish", "car", file, "--out", out, "--block-bytes", "1024", "--json");
    assert.equal(code, 0, stdout);
    const { cid, fileBytes } = JSON.parse(stdout) as { cid: string; fileBytes: number };
    assert.ok(fileBytes > 1024, "the worked manifest is more than one small block");
    assert.match(cid, /^bafy/, "a file of several blocks is addressed by its dag-pb root");
    assert.deepEqual(
      await fileFromCar(await readFile(path.join(out, `${cid}.car`)), cidOf(cid)),
      new Uint8Array(await readFile(file)),
    );
    const refused = await ccn("publish", "car", file, "--out", out, "--block-bytes", "512");
    assert.equal(refused.code, 2, "a usage error");
    assert.match(refused.stderr, /block-bytes.*expected an integer 1024\.\.1048576, got "512"/);
  });

  test("a file that cannot be read exits 1 and names it", async () => {
    const { code, stderr } = await ccn("publish", "car", path.join(dir, "missing.json"), "--out", dir);
    assert.equal(code, 1);
    assert.match(stderr, /missing\.json: cannot be read \(ENOENT\)/);
  });
});
