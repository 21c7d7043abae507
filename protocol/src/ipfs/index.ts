/**
 * Content-addressed publication of manifests (oracle/docs/manifest-format.md, "Publishing on IPFS"): the UnixFS
 * DAG and CAR framing the packer writes, the CID recorded with a proposal, and a fetch from any gateway that
 * verifies every block. Browser-safe; its own entry point so apps that do not fetch from IPFS do not bundle it.
 */
export { ChunksChangedError, carBlock, carHeader, unixfsCar } from "./carEncoding.ts";
export { type CarErrorCode, CarVerificationError } from "./carError.ts";
export { cidOf, fileFromCar, fileRangeFromCar } from "./carFile.ts";
export { type ByteRange, fileBytesOf, fileNodeOf, type VisitedBlock, walkFileRange } from "./fileRange.ts";
export { manifestCidSuffix, manifestUriOf } from "./proposalCid.ts";
export {
  depthFirst,
  fixedChunks,
  rawCid,
  UNIXFS_CHUNK_BYTES,
  UNIXFS_MAX_LINKS,
  type UnixfsNode,
  unixfsFileDag,
} from "./unixfsFile.ts";
export {
  CAR_MEDIA_TYPE,
  type GatewayFailure,
  GatewaysExhaustedError,
  GatewayUnavailableError,
  gatewayCarRangeUrl,
  gatewayCarUrl,
  type VerifiedFetchParameters,
  type VerifiedFetchRangeReturnType,
  type VerifiedFetchReturnType,
  verifiedFetch,
  verifiedFetchRange,
  verifiedFileStream,
} from "./verifiedFetch.ts";
export {
  gatewayBlockUrl,
  RAW_MEDIA_TYPE,
  type VerifiedFileReader,
  type VerifiedFileReaderParameters,
  verifiedFileReader,
} from "./verifiedFileReader.ts";
