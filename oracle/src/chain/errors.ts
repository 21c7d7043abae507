import { BaseError, type BaseErrorParameters, InvalidArgumentError } from "@coherence/protocol";

/** The RPC endpoint did not answer, or kept failing, so the chain could not be read. Nothing was submitted. */
export class RpcUnavailableError extends BaseError {
  override name = "RpcUnavailableError";
  readonly url: string;

  constructor(url: string, action: string, args: BaseErrorParameters = {}) {
    super(`The RPC endpoint ${url} failed while ${action}.`, {
      ...args,
      metaMessages: [
        "Check that the node is running and the URL is right (CCN_RPC_URL).",
        ...(args.metaMessages ?? []),
      ],
    });
    this.url = url;
  }
}

/** The chain's data is not what the protocol allows (a log that does not decode, an unknown asset). */
export class ChainDataError extends BaseError {
  override name = "ChainDataError";
}

/**
 * An epoch was asked to end at a block the chain has not finalised. Nothing was read past the head and nothing was
 * signed: such a block can still be reorganised away, and revenue in it would be left out of the epoch for good.
 */
export class ToBlockNotFinalisedError extends InvalidArgumentError {
  override name = "ToBlockNotFinalisedError";
  /** The last block the epoch was asked to cover. */
  readonly toBlock: bigint;
  /** The chain's finalised block when it was asked. */
  readonly finalisedHead: bigint;

  constructor(toBlock: bigint, finalisedHead: bigint) {
    super(`Block ${toBlock} is not finalised yet: the chain's finalised head is block ${finalisedHead}.`, {
      details: `An epoch covers finalised blocks only: wait until block ${toBlock} is finalised, or prepare the epoch with --to-block ${finalisedHead} or lower.`,
    });
    this.toBlock = toBlock;
    this.finalisedHead = finalisedHead;
  }
}
