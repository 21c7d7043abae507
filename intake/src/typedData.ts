/**
 * The EIP-712 statements the intake verifies, defined once in `@coherence/protocol` (the ForgeLinkRegistry checks a
 * link's on-chain too) and re-exported here for the intake's callers.
 */
export { FORGE_LINK_TYPES, INTAKE_DOMAIN, REPOSITORY_OPT_IN_TYPES } from "@coherence/protocol";
