import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { declaredDependencies, pinDependencies } from "./declaredDependencies.ts";
import { npmLockfile } from "./lockfiles.ts";

// Nothing here may reach a registry: every range is pinned by the lockfile or cannot be resolved.
const UNREACHABLE = { registry: "http://127.0.0.1:9", cache: "/nonexistent" };

describe("declaredDependencies and pinDependencies", () => {
  test("every dependency field, each name once, sorted; a manifest that does not parse declares nothing", () => {
    const manifest = JSON.stringify({
      dependencies: { zod: "^3.0.0" },
      devDependencies: { ava: "^6.0.0", zod: "^4.0.0" },
      peerDependencies: { react: ">=18" },
    });
    assert.deepEqual(declaredDependencies(manifest), [
      { name: "ava", spec: "^6.0.0" },
      { name: "react", spec: ">=18" },
      { name: "zod", spec: "^3.0.0" },
    ]);
    assert.deepEqual(declaredDependencies("{ not json"), []);
    assert.deepEqual(declaredDependencies(undefined), []);
  });

  test("a lockfile pins version, integrity and tarball; what names no registry tarball is recorded with why", async () => {
    const lockfile = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        "node_modules/ava": {
          version: "6.4.1",
          integrity: "sha512-AAAA",
          resolved: "https://registry.npmjs.org/ava/-/ava-6.4.1.tgz",
        },
        "node_modules/local": { version: "1.0.0", integrity: "sha512-BBBB", resolved: "file:../local" },
      },
    });
    const pinned = await pinDependencies(
      [
        { name: "ava", spec: "^6.0.0" },
        { name: "local", spec: "file:../local" },
        { name: "tool", spec: "github:owner/tool" },
      ],
      npmLockfile(lockfile),
      0,
      UNREACHABLE,
    );
    assert.deepEqual(pinned, [
      {
        name: "ava",
        spec: "^6.0.0",
        version: "6.4.1",
        integrity: "sha512-AAAA",
        tarball: "https://registry.npmjs.org/ava/-/ava-6.4.1.tgz",
        pinnedBy: "lockfile",
      },
      { name: "local", spec: "file:../local", missing: "locked to file:../local, not a registry tarball" },
      { name: "tool", spec: "github:owner/tool", missing: "not a registry version range" },
    ]);
  });
});
