/** What processing a delivery reads and writes: the store, the chain, the forge, the published cost reports. */
import type { CostStore } from "@coherence/oracle";
import type { Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";

import type { Forge } from "../forge/forge.ts";
import type { GitLabForge } from "../forge/gitlabForge.ts";
import type { IntakeStore } from "../store/intakeStore.ts";

export type IntakeContext = {
  store: IntakeStore;
  client: PublicClient;
  deployment: Deployment;
  /** The forges the intake takes deliveries from: at least one. */
  forges: { github?: Forge | undefined; gitlab?: GitLabForge | undefined };
  /** Where the oracle reads cost reports (`<manifests>/costs`): an attested report must be published there. */
  costs: CostStore;
};
