/** @coherence/oracle/testing: small, fully known inputs for tests and demos. */
export { workedManifest } from "./manifest/workedManifest.ts";
export { QUALITY_SCENARIO, SCENARIO_ARCHITECTURE, SCENARIO_COMMIT } from "./scoring/fixtureScenario.ts";
