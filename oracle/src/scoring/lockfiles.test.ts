/**
 * Lockfiles as npm and pnpm write them, and the manifests of a repository with workspaces (a real git repository
 * built here), pinned end to end without a registry.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { pinDependencies } from "./declaredDependencies.ts";
import { createFixtureRepository } from "./fixtures.ts";
import { NO_LOCKFILE, npmLockfile, pnpmLockfile, registryTarball } from "./lockfiles.ts";
import { repositoryManifests } from "./repositoryManifests.ts";

const REGISTRY = "https://registry.npmjs.org";
const UNREACHABLE = { registry: "http://127.0.0.1:9", cache: "/nonexistent" };
const SEMVER = "sha512-SEMVER0000==";
const REACT = "sha512-REACT00000==";
const CLSX = "sha512-CLSX000000==";

/** pnpm 9's lockfile of a workspace: the root and two packages, one linking the other, one peer-resolved version. */
const PNPM_V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    devDependencies:
      semver:
        specifier: ^7.6.0
        version: 7.6.3

  packages/ui:
    dependencies:
      '@acme/core':
        specifier: workspace:*
        version: link:../core
      clsx:
        specifier: ^2.1.0
        version: 2.1.1(react@18.3.1)
      react:
        specifier: ^18.3.0
        version: 18.3.1

  packages/core: {}

packages:

  clsx@2.1.1:
    resolution: {integrity: ${CLSX}}
    engines: {node: '>=6'}

  react@18.3.1:
    resolution: {integrity: ${REACT}}
    engines: {node: '>=0.10.0'}

  semver@7.6.3:
    resolution: {integrity: ${SEMVER}}
    engines: {node: '>=10'}
    hasBin: true

snapshots:

  clsx@2.1.1(react@18.3.1): {}

  react@18.3.1: {}

  semver@7.6.3: {}
`;

/** pnpm 8's lockfile (v6) of one project: the importer's fields at the top, packages keyed `/name@version`. */
const PNPM_V6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  semver:
    specifier: ^7.5.0
    version: 7.6.3

devDependencies:
  local-tool:
    specifier: file:../tool
    version: file:../tool

packages:

  /semver@7.6.3:
    resolution: {integrity: ${SEMVER}}
    engines: {node: '>=10'}
    hasBin: true
    dev: false

  file:../tool:
    resolution: {directory: ../tool, type: directory}
    name: local-tool
    dev: true
`;

/** npm 10's lockfile (v3) of a workspace: a hoisted react and a workspace's own older copy of it. */
const NPM_WORKSPACES = JSON.stringify({
  name: "monorepo",
  lockfileVersion: 3,
  requires: true,
  packages: {
    "": { name: "monorepo", workspaces: ["packages/*"], devDependencies: { semver: "^7.6.0" } },
    "node_modules/@acme/core": { resolved: "packages/core", link: true },
    "node_modules/react": {
      version: "18.3.1",
      resolved: registryTarball(REGISTRY, "react", "18.3.1"),
      integrity: REACT,
    },
    "node_modules/semver": {
      version: "7.6.3",
      resolved: registryTarball(REGISTRY, "semver", "7.6.3"),
      integrity: SEMVER,
      dev: true,
    },
    "packages/legacy/node_modules/react": {
      version: "17.0.2",
      resolved: registryTarball(REGISTRY, "react", "17.0.2"),
      integrity: "sha512-REACT17000==",
    },
    "packages/core": { name: "@acme/core", version: "1.0.0" },
    "packages/legacy": { name: "@acme/legacy", version: "1.0.0", dependencies: { react: "^17.0.0" } },
    "packages/ui": { name: "@acme/ui", version: "1.0.0", dependencies: { "@acme/core": "*", react: "^18.3.0" } },
  },
});

describe("lockfiles", () => {
  test("pnpm 9: each importer's versions, peer suffixes dropped, the registry's tarball, a link passed on", () => {
    const lock = pnpmLockfile(PNPM_V9, REGISTRY);
    assert.deepEqual(lock("semver", ""), {
      version: "7.6.3",
      integrity: SEMVER,
      resolved: "https://registry.npmjs.org/semver/-/semver-7.6.3.tgz",
    });
    assert.deepEqual(lock("clsx", "packages/ui"), {
      version: "2.1.1",
      integrity: CLSX,
      resolved: "https://registry.npmjs.org/clsx/-/clsx-2.1.1.tgz",
    });
    assert.deepEqual(lock("@acme/core", "packages/ui"), {
      version: "link:../core",
      integrity: "",
      resolved: "link:../core",
    });
    assert.equal(lock("react", ""), undefined, "the root does not declare react");
    assert.equal(registryTarball(REGISTRY, "@acme/core", "1.0.0"), `${REGISTRY}/@acme/core/-/core-1.0.0.tgz`);
  });

  test("pnpm 6: a single project's lockfile, and a file: dependency", () => {
    const lock = pnpmLockfile(PNPM_V6, REGISTRY);
    assert.equal(lock("semver", "")?.integrity, SEMVER);
    assert.equal(lock("local-tool", "")?.resolved, "file:../tool");
  });

  test("npm workspaces: a workspace's own copy before the hoisted one", () => {
    const lock = npmLockfile(NPM_WORKSPACES);
    assert.equal(lock("react", "packages/legacy")?.version, "17.0.2");
    assert.equal(lock("react", "packages/ui")?.version, "18.3.1");
    assert.equal(lock("semver", "")?.version, "7.6.3");
  });

  test("a lockfile that does not parse locks nothing", () => {
    assert.equal(pnpmLockfile("importers: [unclosed", REGISTRY)("semver", ""), undefined);
    assert.equal(npmLockfile("{ not json")("semver", ""), undefined);
    assert.equal(NO_LOCKFILE("semver", ""), undefined);
  });
});

describe("repositoryManifests", () => {
  let root: string;
  after(() => rm(root, { recursive: true, force: true }));

  test("declarations of the root and every workspace, pinned by the root lockfile; workspace packages set apart", async () => {
    root = await mkdtemp(join(tmpdir(), "manifests-"));
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const npm = await createFixtureRepository(join(root, "npm"), [
      {
        message: "workspaces",
        files: {
          "package.json": json({ name: "monorepo", workspaces: ["packages/*"], devDependencies: { semver: "^7.6.0" } }),
          "package-lock.json": NPM_WORKSPACES,
          "packages/core/package.json": json({ name: "@acme/core", version: "1.0.0" }),
          "packages/legacy/package.json": json({ name: "@acme/legacy", dependencies: { react: "^17.0.0" } }),
          "packages/ui/package.json": json({ name: "@acme/ui", dependencies: { "@acme/core": "*", react: "^18.3.0" } }),
          "examples/demo/package.json": json({ name: "demo", dependencies: { lodash: "^4.0.0" } }),
        },
      },
    ]);
    const manifests = await repositoryManifests(npm.path, npm.commits[0]!, { registry: REGISTRY, workspaces: true });
    assert.deepEqual([...manifests.workspaceNames].sort(), ["@acme/core", "@acme/legacy", "@acme/ui"]);
    assert.deepEqual(manifests.declared, [
      { name: "semver", spec: "^7.6.0" },
      { name: "react", spec: "^17.0.0", workspace: "packages/legacy" },
      { name: "@acme/core", spec: "*", workspace: "packages/ui" },
      { name: "react", spec: "^18.3.0", workspace: "packages/ui" },
    ]);
    const external = manifests.declared.filter((d) => !manifests.workspaceNames.has(d.name));
    const pinned = await pinDependencies(external, manifests.lockfile, 0, UNREACHABLE);
    assert.deepEqual(
      pinned.map((p) => ("version" in p ? `${p.name}@${p.version} ${p.pinnedBy}` : p.missing)),
      ["semver@7.6.3 lockfile", "react@17.0.2 lockfile", "react@18.3.1 lockfile"],
    );
    const rootOnly = await repositoryManifests(npm.path, npm.commits[0]!, { registry: REGISTRY, workspaces: false });
    assert.deepEqual(rootOnly.declared, [{ name: "semver", spec: "^7.6.0" }], "a config before workspaces");

    const pnpm = await createFixtureRepository(join(root, "pnpm"), [
      {
        message: "pnpm workspace",
        files: {
          "package.json": json({ name: "monorepo", devDependencies: { semver: "^7.6.0" } }),
          "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - '!packages/core'\n",
          "pnpm-lock.yaml": PNPM_V9,
          "packages/core/package.json": json({ name: "@acme/core" }),
          "packages/ui/package.json": json({
            name: "@acme/ui",
            dependencies: { "@acme/core": "workspace:*", clsx: "^2.1.0", react: "^18.3.0" },
          }),
        },
      },
    ]);
    const fromPnpm = await repositoryManifests(pnpm.path, pnpm.commits[0]!, { registry: REGISTRY, workspaces: true });
    const pinnedPnpm = await pinDependencies(fromPnpm.declared, fromPnpm.lockfile, 0, UNREACHABLE);
    assert.deepEqual(
      pinnedPnpm.map((p) => ("version" in p ? `${p.name}@${p.version} ${p.integrity}` : `${p.name}: ${p.missing}`)),
      [
        `semver@7.6.3 ${SEMVER}`,
        "@acme/core: locked to link:../core, not a registry tarball",
        `clsx@2.1.1 ${CLSX}`,
        `react@18.3.1 ${REACT}`,
      ],
    );
    assert.deepEqual([...fromPnpm.workspaceNames], ["@acme/ui"], "packages/core is excluded by its glob");
  });
});
