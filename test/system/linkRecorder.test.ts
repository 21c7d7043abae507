/**
 * The intake's link recorder against a real chain (a Hardhat node with the local deployment, whose attester,
 * account 7, is the ForgeLinkRegistry's linker) and the embedded store: a link a killed run already sent is settled
 * from the chain and not sent again; a statement the registry refuses is recorded as a refusal once, with the
 * registry's error; an unlink waits for the newer link that replaces it and then needs no transaction of its own.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { deployLocal, freePort, type ManagedProcess, startHardhatNode } from "@coherence/devnet";
import {
  forgeLinkTypedData,
  GITHUB_FORGE,
  type LinkRecorderParameters,
  type LinkRegistry,
  linkerWallet,
  linkRegistryOf,
  nextLinkStatement,
  recordLinks,
  SqliteStore,
  statementText,
} from "@coherence/intake";
import { accountOf, type Name } from "@coherence/intake/testing";
import { publicClientOf } from "@coherence/oracle";
import { type ForgeLinkStatement, forgeLinkRegistryAbi } from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import type { Hex, PublicClient } from "viem";

describe("the link recorder on a real chain", { timeout: 300_000 }, () => {
  let work: string;
  let node: ManagedProcess;
  let client: PublicClient;
  let registry: LinkRegistry;
  let store: SqliteStore;
  let p: LinkRecorderParameters;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-link-recorder-"));
    const chain = await startHardhatNode(await freePort());
    node = chain.process;
    const deployment = await deployLocal(chain.rpcUrl, path.join(work, "deployments"));
    client = publicClientOf(deployment.chainId, chain.rpcUrl);
    registry = linkRegistryOf(deployment);
    store = SqliteStore.open(":memory:");
    p = { store, client, deployment, linker: linkerWallet(client, accountOf("attester")), now: () => 1_000 };
  });

  after(async () => {
    await store?.close();
    await node?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const linkerNonce = () => client.getTransactionCount({ address: accountOf("attester").address });

  /** `name` signs its link to `login` with its next nonce, or with `nonce` when given. */
  const sign = async (name: Name, login: string, nonce?: bigint) => {
    const statement = await nextLinkStatement(client, registry, {
      forge: GITHUB_FORGE,
      login,
      account: accountOf(name).address,
    });
    const signed = nonce === undefined ? statement : { ...statement, nonce };
    return { statement: signed, signature: await accountOf(name).signTypedData(forgeLinkTypedData(registry, signed)) };
  };

  /** Keeps a verified `/ccn link` of forge account `accountId` as processComment does. */
  const keep = async (
    id: string,
    name: Name,
    login: string,
    accountId: string,
    signed: Awaited<ReturnType<typeof sign>>,
  ) => {
    await store.accept({ id, forge: "github", event: "issue_comment.created", payload: "{}", receivedAt: 1_000 });
    await store.complete(
      id,
      {
        refusals: [],
        contributions: [],
        unlinks: [],
        approvals: [],
        links: [
          {
            forge: "github",
            accountId,
            login,
            address: accountOf(name).address,
            statement: statementText(signed.statement),
            signature: signed.signature,
            linkedAt: 1_000,
            revokedAt: undefined,
          },
        ],
      },
      1_000,
    );
  };

  const linkOnChain = (statement: ForgeLinkStatement, accountId: bigint, signature: Hex) =>
    sendContract({
      publicClient: client,
      walletClient: p.linker,
      address: registry.address,
      abi: forgeLinkRegistryAbi,
      functionName: "link",
      args: [statement, accountId, signature],
    });

  const activeLink = async (accountId: bigint) => {
    const [account, nonce] = await client.readContract({
      address: registry.address,
      abi: forgeLinkRegistryAbi,
      functionName: "linkOf",
      args: [GITHUB_FORGE, accountId],
    });
    return { account, nonce };
  };

  const onChainOf = async (login: string, address: string) =>
    (await store.links()).find((l) => l.login === login && l.address === address)?.onChain;

  test("a link a killed run already sent is settled from the chain, and nothing is sent again", async () => {
    const signed = await sign("ada", "ada");
    await keep("d1", "ada", "ada", "1010", signed);
    // The earlier run sent the link and was killed before it recorded that: the chain has it, the store does not.
    await linkOnChain(signed.statement, 1010n, signed.signature);
    const sent = await linkerNonce();

    assert.deepEqual(await recordLinks(p), { linked: 1, unlinked: 0, refused: 0 });
    assert.equal(await linkerNonce(), sent, "no second transaction");
    assert.equal(await onChainOf("ada", accountOf("ada").address), "linked");
    assert.deepEqual(await recordLinks(p), { linked: 0, unlinked: 0, refused: 0 }, "nothing left to settle");
  });

  test("a statement whose nonce was spent elsewhere first is refused by the registry, recorded once with its error", async () => {
    const signed = await sign("grace", "grace");
    await keep("d2", "grace", "grace", "1011", signed);
    // Before the intake records it, grace's address links another forge account with a statement of the same nonce.
    const other = await sign("grace", "grace-elsewhere", signed.statement.nonce);
    await linkOnChain(other.statement, 2011n, other.signature);

    assert.deepEqual(await recordLinks(p), { linked: 0, unlinked: 0, refused: 1 });
    assert.deepEqual(await recordLinks(p), { linked: 0, unlinked: 0, refused: 0 });
    const refusals = (await store.refusals()).filter((r) => r.code === "link-refused-on-chain");
    assert.equal(refusals.length, 1, "recorded once");
    assert.equal(refusals[0]?.subject, "grace");
    assert.match(refusals[0]?.reason ?? "", /InvalidAccountNonce/);
    assert.equal(await onChainOf("grace", accountOf("grace").address), "refused");
    assert.equal((await activeLink(1011n)).account, "0x0000000000000000000000000000000000000000");
  });

  test("a replaced link's revocation waits for the newer link, which ends it on-chain in the same transaction", async () => {
    await keep("d3", "linus", "linus", "1012", await sign("linus", "linus"));
    assert.deepEqual(await recordLinks(p), { linked: 1, unlinked: 0, refused: 0 });
    // Forge account 1012 links another address: the store revokes linus's link and keeps the new one.
    await keep("d4", "relayer", "linus", "1012", await sign("relayer", "linus"));
    const before = await linkerNonce();

    assert.deepEqual(await recordLinks(p), { linked: 1, unlinked: 0, refused: 0 }, "the new link first");
    assert.deepEqual(await recordLinks(p), { linked: 0, unlinked: 1, refused: 0 }, "then the old one is seen ended");
    assert.equal(await linkerNonce(), before + 1, "one transaction: no unlinkForgeAccount of its own");
    assert.deepEqual(await activeLink(1012n), { account: accountOf("relayer").address, nonce: 0n });
    assert.equal(await onChainOf("linus", accountOf("linus").address), "unlinked");
  });
});
