/**
 * A chain state (./chainState.ts) as a file, format `coherence-chain-state-v1`: one canonical JSON line for the
 * header (`{"block","format"}`) and one per element, the assets, contributions and proposals in the order the
 * state first saw them and then the finalised epochs' proposal hashes, so the same state always gives the same
 * bytes. Its hash is the keccak256 of those bytes; an epoch's manifest commits it (oracle/docs/manifest-format.md),
 * and a state is only loaded if its bytes hash to what the manifest says.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import {
  address,
  array,
  BaseError,
  bytes32,
  canonicalJson,
  decimal,
  InvalidArgumentError,
  integer,
  literal,
  MAX_UINT64,
  nullable,
  object,
  oneOf,
  parse,
  string,
  variant,
} from "@coherence/protocol";
import { bytesToHex, type Hex } from "viem";
import { createKeccak256Stream } from "../merkle/keccak.ts";
import { type ChainAsset, type ChainState, epochOf, proposalOf } from "./chainState.ts";

export const CHAIN_STATE_FORMAT = "coherence-chain-state-v1";

/** A state file that is missing where a manifest says it is. */
export class ChainStateMissingError extends BaseError {
  override name = "ChainStateMissingError";
}

/** A state whose bytes do not hash to the hash its manifest commits, or that is not at the block it says. */
export class ChainStateMismatchError extends InvalidArgumentError {
  override name = "ChainStateMismatchError";
}

const sorted = { sorted: true } as const;
const amount = decimal();
const uint64 = decimal({ max: MAX_UINT64 });
const anyAddress = address();
const nullableHash = nullable(bytes32());

const headerSchema = object({ block: uint64, format: literal(CHAIN_STATE_FORMAT) }, sorted);

const elementSchema = variant("element", {
  asset: object(
    {
      blockNumber: uint64,
      contentHash: bytes32(),
      element: literal("asset"),
      id: amount,
      kind: integer({ min: 0, max: 255 }),
      owner: anyAddress,
      parents: array(object({ assetId: amount, weightBps: integer({ min: 0, max: 10_000 }) }, sorted)),
      rateCardHash: nullableHash,
      upstreamShareBps: integer({ min: 0, max: 10_000 }),
      uri: string(),
    },
    sorted,
  ),
  contribution: object(
    {
      assetId: amount,
      attester: anyAddress,
      blockNumber: uint64,
      computeMicroUsd: amount,
      contributor: anyAddress,
      element: literal("contribution"),
      evidenceHash: bytes32(),
      evidenceUri: string(),
      id: bytes32(),
      laborMicroUsd: amount,
      logIndex: integer({ min: 0 }),
      rateCardHash: nullableHash,
      toolsMicroUsd: amount,
    },
    sorted,
  ),
  epoch: object({ element: literal("epoch"), proposalHash: bytes32() }, sorted),
  proposal: object(
    {
      element: literal("proposal"),
      epoch: uint64,
      fromBlock: uint64,
      manifestHash: bytes32(),
      payoutRoot: bytes32(),
      proposalHash: bytes32(),
      scoresRoot: bytes32(),
      signers: array(anyAddress),
      status: oneOf(["pending", "vetoed", "finalised", "revoked"]),
      toBlock: uint64,
      tokens: array(anyAddress),
      totals: array(amount),
    },
    sorted,
  ),
});

/** The state's lines, newline included, in file order. */
export function* chainStateLines(state: ChainState): Generator<string> {
  yield `${canonicalJson(headerSchema.encode({ block: state.block, format: CHAIN_STATE_FORMAT }))}\n`;
  const line = (element: Parameters<typeof elementSchema.encode>[0]) =>
    `${canonicalJson(elementSchema.encode(element))}\n`;
  for (const a of state.assets.values()) yield line({ element: "asset", ...a });
  for (const c of state.contributions.values()) yield line({ element: "contribution", ...c });
  for (const p of state.proposals.values()) yield line({ element: "proposal", ...p });
  for (const e of state.epochs) yield line({ element: "epoch", proposalHash: e.proposalHash });
}

/** The keccak256 of the state's file bytes, without writing them. */
export async function chainStateHash(state: ChainState): Promise<Hex> {
  const hasher = await createKeccak256Stream();
  for (const line of chainStateLines(state)) hasher.update(line);
  return bytesToHex(hasher.digest());
}

/** Writes `state` to `file` (through a temporary file renamed into place) and returns its hash. */
export async function writeChainState(file: string, state: ChainState): Promise<Hex> {
  const temporary = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(temporary);
  const hasher = await createKeccak256Stream();
  try {
    for (const line of chainStateLines(state)) {
      hasher.update(line);
      if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    out.end();
    await finished(out);
    await rename(temporary, file);
    return bytesToHex(hasher.digest());
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads the state in `file`, refusing it unless its bytes hash to `expected.hash` and it is at `expected.block`.
 * Throws {@link ChainStateMissingError}, {@link ChainStateMismatchError} or the decoder's field errors.
 */
export async function readChainState(file: string, expected: { block: bigint; hash: Hex }): Promise<ChainState> {
  if (
    !(await stat(file).then(
      () => true,
      () => false,
    ))
  ) {
    throw new ChainStateMissingError(`The chain state ${file} is missing.`, {
      details: "copy it from where the previous epoch's manifest is published, or read from deployment with --full",
    });
  }
  const hasher = await createKeccak256Stream();
  const state: ChainState = {
    block: -1n,
    assets: new Map(),
    contributions: new Map(),
    proposals: new Map(),
    epochs: [],
  };
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let number = 0;
  // A file that does not decode is reported as not the committed one when its hash says so, which it will unless
  // the committed state was itself malformed.
  let malformed: unknown;
  for await (const text of lines) {
    hasher.update(`${text}\n`);
    ++number;
    if (malformed !== undefined) continue;
    try {
      const where = { source: file, line: number };
      const value = JSON.parse(text) as unknown;
      if (number === 1) state.block = parse(headerSchema, value, where).block;
      else addElement(state, parse(elementSchema, value, where), file);
    } catch (error) {
      malformed = error;
    }
  }
  const hash = bytesToHex(hasher.digest());
  if (hash !== expected.hash.toLowerCase() || (malformed === undefined && state.block !== expected.block)) {
    throw new ChainStateMismatchError(`The chain state ${file} is not the one its manifest commits.`, {
      cause: malformed,
      metaMessages: [
        `its hash:  ${hash} at block ${state.block}`,
        `committed: ${expected.hash} at block ${expected.block}`,
      ],
      details: "fetch the published state again, or read from deployment with --full",
    });
  }
  if (malformed !== undefined) throw malformed;
  return state;
}

/** Adds a decoded element, its fields in the order the fold creates them. */
function addElement(state: ChainState, element: ReturnType<typeof elementSchema.decode>, file: string): void {
  switch (element.element) {
    case "asset": {
      const a = element;
      const asset: ChainAsset = {
        id: a.id,
        owner: a.owner,
        contentHash: a.contentHash,
        kind: a.kind,
        uri: a.uri,
        parents: a.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps })),
        upstreamShareBps: a.upstreamShareBps,
        rateCardHash: a.rateCardHash,
        blockNumber: a.blockNumber,
      };
      state.assets.set(asset.id, asset);
      break;
    }
    case "contribution": {
      const c = element;
      state.contributions.set(c.id, {
        id: c.id,
        assetId: c.assetId,
        contributor: c.contributor,
        attester: c.attester,
        laborMicroUsd: c.laborMicroUsd,
        toolsMicroUsd: c.toolsMicroUsd,
        computeMicroUsd: c.computeMicroUsd,
        evidenceHash: c.evidenceHash,
        evidenceUri: c.evidenceUri,
        rateCardHash: c.rateCardHash,
        blockNumber: c.blockNumber,
        logIndex: c.logIndex,
      });
      break;
    }
    case "proposal": {
      const p = element;
      state.proposals.set(p.proposalHash, proposalOf(p, p.signers, p.proposalHash, p.status));
      break;
    }
    case "epoch": {
      const proposal = state.proposals.get(element.proposalHash);
      if (proposal === undefined) {
        throw new ChainStateMismatchError(
          `The chain state ${file} lists epoch ${element.proposalHash} before its proposal.`,
        );
      }
      state.epochs.push(epochOf(proposal));
      break;
    }
  }
}
