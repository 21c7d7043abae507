/**
 * Forge links in the indexer: the ForgeLinkRegistry's links and their ends (replaced by a newer link, unlinked by the
 * address, unlinked by the linker) in the `forgeLink` table served by GraphQL, each row carrying the statement and
 * signature that anyone can verify again; and the registry's linkers (`LINKER_ROLE`), granted and revoked through
 * the timelock. A real Hardhat node with the local deployment (account 7 its linker) and `ponder start` on PGlite.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  deployLocal,
  freePort,
  governLocally,
  ProcessGroup,
  startHardhatNode,
  waitForIndexerReady,
} from "@coherence/devnet";
import { type Deployment, forgeLinkRegistryAbi, forgeLinkTypedData } from "@coherence/protocol";
import { type Address, encodeFunctionData, keccak256, stringToHex, verifyTypedData } from "viem";

import { graphql, type Indexer, startIndexer, waitIndexed } from "./support/ponder.ts";
import { addressOf, Protocol, ROLES, signer } from "./support/protocol.ts";

const GITHUB = "github.com";
const LINKER_ROLE = keccak256(stringToHex("LINKER_ROLE"));

type Row = {
  id: string;
  forge: string;
  forgeAccountId: string;
  login: string;
  account: Address;
  nonce: string;
  signature: `0x${string}`;
  linker: Address;
  active: boolean;
  unlinkCause: string | null;
  unlinkedBy: Address | null;
};

describe("forge links in the indexer", () => {
  const group = new ProcessGroup();
  let protocol: Protocol;
  let deployment: Deployment;
  let indexer: Indexer;
  let registry: { chainId: number; address: Address };

  /** `who` signs its link to `login` (forge account `id`) with its next nonce, and the linker records it. */
  const link = async (who: number, login: string, id: bigint) => {
    const account = addressOf(who);
    const nonce = await protocol.public.readContract({
      address: registry.address,
      abi: forgeLinkRegistryAbi,
      functionName: "nonces",
      args: [account],
    });
    const statement = { forge: GITHUB, login, account, nonce };
    const signature = await signer(who).signTypedData(forgeLinkTypedData(registry, statement));
    await protocol.send(ROLES.attester, registry.address, forgeLinkRegistryAbi, "link", [statement, id, signature]);
  };

  before(async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "ccn-indexer-links-"));
    group.defer(() => rm(tmp, { recursive: true, force: true }));
    const chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
    group.add(chain.process);
    deployment = await deployLocal(chain.rpcUrl, path.join(tmp, "deployments"));
    protocol = new Protocol(chain.rpcUrl, deployment);
    registry = { chainId: deployment.chainId, address: deployment.contracts.ForgeLinkRegistry!.address };

    await link(ROLES.alice, "octocat", 1n);
    // Bob links the same forge account: alice's link is replaced.
    await link(ROLES.bob, "octocat", 1n);
    // Bob ends his link himself, without the linker.
    await protocol.send(ROLES.bob, registry.address, forgeLinkRegistryAbi, "unlink", [GITHUB]);
    // Carol's forge account asks to unlink (/ccn unlink): the linker ends it.
    await link(ROLES.carol, "hubot", 2n);
    await protocol.send(ROLES.attester, registry.address, forgeLinkRegistryAbi, "unlinkForgeAccount", [GITHUB, 2n]);
    // Dave's stays, and so does alice's second link (nonce 1), to another forge account.
    await link(ROLES.dave, "monalisa", 3n);
    await link(ROLES.alice, "defunkt", 4n);
    // Governance makes dave a linker and retires account 7, through the timelock (the registry's admin).
    for (const functionName of ["grantRole", "revokeRole"] as const) {
      const who = addressOf(functionName === "grantRole" ? ROLES.dave : ROLES.attester);
      const data = encodeFunctionData({ abi: forgeLinkRegistryAbi, functionName, args: [LINKER_ROLE, who] });
      await governLocally({ rpcUrl: chain.rpcUrl, deployment, target: registry.address, data });
    }

    indexer = await startIndexer(group, {
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      deploymentsDir: path.join(tmp, "deployments"),
      schema: "forge_links",
      pgliteDir: path.join(tmp, "pglite"),
      manifestDir: tmp,
    });
    await waitForIndexerReady(indexer, 120_000);
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
  });

  after(() => group.stopAll());

  const rows = async (where = "") =>
    (
      await graphql<{ forgeLinks: { items: Row[] } }>(
        indexer,
        `{ forgeLinks(${where}orderBy: "linkedBlock", orderDirection: "asc") { items {
             id forge forgeAccountId login account nonce signature linker active unlinkCause unlinkedBy } } }`,
      )
    ).forgeLinks.items;

  test("every link is served, active or ended, with how it ended and by whom", async () => {
    const [alice, bob, carol, dave] = [ROLES.alice, ROLES.bob, ROLES.carol, ROLES.dave].map(addressOf);
    const linker = addressOf(ROLES.attester);
    assert.deepEqual(
      (await rows()).map((r) => [r.id, r.login, r.forgeAccountId, r.active, r.unlinkCause, r.unlinkedBy]),
      [
        [`${alice}-0`, "octocat", "1", false, "replaced", linker],
        [`${bob}-0`, "octocat", "1", false, "account", bob],
        [`${carol}-0`, "hubot", "2", false, "linker", linker],
        [`${dave}-0`, "monalisa", "3", true, null, null],
        [`${alice}-1`, "defunkt", "4", true, null, null],
      ],
    );
  });

  test("the active links are one query, and each matches the registry's own answer", async () => {
    const active = await rows("where: { active: true }, ");
    assert.deepEqual(
      active.map((r) => r.login),
      ["monalisa", "defunkt"],
    );
    for (const r of active) {
      const [account, nonce] = await protocol.public.readContract({
        address: registry.address,
        abi: forgeLinkRegistryAbi,
        functionName: "linkOf",
        args: [r.forge, BigInt(r.forgeAccountId)],
      });
      assert.deepEqual([account.toLowerCase(), nonce.toString()], [r.account, r.nonce], `${r.login} on-chain`);
    }
  });

  test("anyone can verify a served link from the row alone", async () => {
    for (const r of await rows()) {
      const statement = { forge: r.forge, login: r.login, account: r.account, nonce: BigInt(r.nonce) };
      const valid = await verifyTypedData({
        address: r.account,
        ...forgeLinkTypedData(registry, statement),
        signature: r.signature,
      });
      assert.equal(valid, true, `${r.id}'s signature is its account's`);
      assert.equal(r.linker, addressOf(ROLES.attester));
    }
  });

  test("the registry's linkers are listed, each granted and revoked through the timelock", async () => {
    const timelock = deployment.contracts.CoherenceTimelock.address.toLowerCase();
    const { roleMembers } = await graphql<{
      roleMembers: {
        items: { account: string; active: boolean; grantedBy: string | null; revokedBy: string | null }[];
      };
    }>(
      indexer,
      `{ roleMembers(where: { contract: "ForgeLinkRegistry", roleName: "LINKER_ROLE" }, orderBy: "updatedBlock") {
           items { account active grantedBy revokedBy } } }`,
    );
    assert.deepEqual(
      roleMembers.items.map((m) => [m.account, m.active, m.revokedBy]),
      [
        [addressOf(ROLES.dave), true, null],
        [addressOf(ROLES.attester), false, timelock],
      ],
    );
    assert.equal(roleMembers.items[0]!.grantedBy, timelock);
    const { governanceCalls } = await graphql<{
      governanceCalls: { items: { functionName: string; argValues: string[] }[] };
    }>(indexer, `{ governanceCalls(where: { targetName: "ForgeLinkRegistry" }) { items { functionName argValues } } }`);
    assert.deepEqual(governanceCalls.items.map((c) => [c.functionName, c.argValues[1]]).sort(), [
      ["grantRole", addressOf(ROLES.dave)],
      ["revokeRole", addressOf(ROLES.attester)],
    ]);
  });
});
