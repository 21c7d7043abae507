import { lazy, type ReactElement, Suspense, useEffect } from "react";

import { Layout } from "./components/Layout.tsx";
import { Notice } from "./components/Notice.tsx";
import { SkeletonBlock } from "./components/Skeleton.tsx";
import { targetChain } from "./config/chains.ts";
import { deployment } from "./config/deployment.ts";
import { useRoute } from "./hooks/useRoute.ts";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";

const ClaimPage = lazy(() => import("./pages/ClaimPage.tsx"));
const ContributorPage = lazy(() => import("./pages/ContributorPage.tsx"));
const AssetsPage = lazy(() => import("./pages/AssetsPage.tsx"));
const AssetPage = lazy(() => import("./pages/AssetPage.tsx"));
const PayPage = lazy(() => import("./pages/PayPage.tsx"));
const MyAssetsPage = lazy(() => import("./pages/MyAssetsPage.tsx"));
const RegisterPage = lazy(() => import("./pages/RegisterPage.tsx"));
const EpochsPage = lazy(() => import("./pages/EpochsPage.tsx"));
const EpochPage = lazy(() => import("./pages/EpochPage.tsx"));
const GovernancePage = lazy(() => import("./pages/GovernancePage.tsx"));
const ForgeAccountsPage = lazy(() => import("./pages/ForgeAccountsPage.tsx"));
const VerifyPage = lazy(() => import("./pages/VerifyPage.tsx"));
const MyContributionsPage = lazy(() => import("./pages/MyContributionsPage.tsx"));
const IntakePage = lazy(() => import("./pages/IntakePage.tsx"));

const TITLES: Record<string, string> = {
  claim: "Claim",
  contributors: "Contributor",
  assets: "Assets",
  asset: "Asset",
  pay: "Pay",
  "my-assets": "My assets",
  register: "Register",
  epochs: "Epochs",
  epoch: "Epoch",
  governance: "Governance",
  "forge-accounts": "Forge accounts",
  "my-contributions": "My contributions",
  intake: "Intake",
  verify: "Verify",
  "not-found": "Not found",
};

/** The app: one page per route, each loaded on demand. */
export function App() {
  const route = useRoute();
  useEffect(() => {
    document.title = `${TITLES[route.name] ?? ""} · Coherence Network`;
  }, [route.name]);
  let page: ReactElement;
  if (deployment === undefined) {
    page = (
      <Notice tone="error" title="Not deployed on this chain" testId="not-deployed">
        <p>
          This build has no deployment for {targetChain.name} (chain {targetChain.id}). Build it with the chain's
          deployments/{targetChain.id}.json present.
        </p>
      </Notice>
    );
  } else {
    switch (route.name) {
      case "claim":
        page = <ClaimPage />;
        break;
      case "contributors":
        page = <ContributorPage address={route.address} />;
        break;
      case "assets":
        page = <AssetsPage query={route.query} sort={route.sort} />;
        break;
      case "asset":
        page = <AssetPage id={route.id} />;
        break;
      case "pay":
        page = <PayPage asset={route.asset} />;
        break;
      case "my-assets":
        page = <MyAssetsPage />;
        break;
      case "register":
        page = <RegisterPage />;
        break;
      case "epochs":
        page = <EpochsPage />;
        break;
      case "epoch":
        page = <EpochPage id={route.id} />;
        break;
      case "governance":
        page = <GovernancePage />;
        break;
      case "forge-accounts":
        page = <ForgeAccountsPage />;
        break;
      case "my-contributions":
        page = <MyContributionsPage />;
        break;
      case "intake":
        page = <IntakePage />;
        break;
      case "verify":
        page = <VerifyPage account={route.account} />;
        break;
      case "not-found":
        page = <NotFoundPage path={route.path} />;
    }
  }
  return (
    <Layout route={route}>
      <Suspense fallback={<SkeletonBlock lines={6} label="Loading the page" />}>{page}</Suspense>
    </Layout>
  );
}
