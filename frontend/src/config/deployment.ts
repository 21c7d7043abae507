/** The protocol's deployment on the configured chain, from the deployment files present at build time. */
import deployments from "virtual:coherence-deployments";

import type { AppDeployment } from "../../build/deploymentsPlugin.ts";
import { settings } from "./settings.ts";

/** The deployment on the configured chain, or undefined when the build had none for it. */
export const deployment: AppDeployment | undefined = deployments.find((d) => d.chainId === settings.chainId);
