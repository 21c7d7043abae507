declare module "virtual:coherence-deployments" {
  import type { AppDeployment } from "../build/deploymentsPlugin.ts";

  const deployments: readonly AppDeployment[];
  export default deployments;
}
