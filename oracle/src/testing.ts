/** @coherence/oracle/testing: small, fully known inputs for tests and demos. */
export { runnableBundle } from "./bundle/bundleFixture.ts";
export { workedManifest } from "./manifest/workedManifest.ts";
export { QUALITY_SCENARIO, SCENARIO_ARCHITECTURE, SCENARIO_COMMIT } from "./scoring/fixtureScenario.ts";
