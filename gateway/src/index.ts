export { BundleHashMismatchError, NotRunnableError, type PinnedBundle, pinBundle } from "./bundle/pinBundle.ts";
export {
  type ComposableRunner,
  composableRunner,
  DEFAULT_RUN_LIMITS,
  RunFailedError,
  type RunLimits,
  type RunResult,
  RunTimeoutError,
} from "./run/composableRunner.ts";
