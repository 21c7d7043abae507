import { BaseError, type BaseErrorParameters } from "@coherence/protocol";

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
