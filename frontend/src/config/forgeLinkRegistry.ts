/** The ForgeLinkRegistry of the configured chain, as link statements' EIP-712 domain names it. */
import type { LinkRegistry } from "../lib/forgeLinks.ts";
import { deployment } from "./deployment.ts";

/** Undefined where the deployment has none (chains deployed before it): forge accounts cannot be linked there. */
export const linkRegistry: LinkRegistry | undefined =
  deployment?.contracts.ForgeLinkRegistry === undefined
    ? undefined
    : { chainId: deployment.chainId, address: deployment.contracts.ForgeLinkRegistry.address };
