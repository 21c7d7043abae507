/**
 * Validates a scenario by its declaration (`scenarioTypes.ts`) and the references between its parts
 * (`scenarioReferences.ts`). Every error names the file and the field, as in
 * `scenarios/demo.json: assets[4].parents: edge weights add up to 11000 bps, more than 10000 (100%)`, so nothing
 * is sent to a chain until the whole file is right.
 */

import { MalformedFieldError, parse, refine, reportedAs } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import { resolveBundlePaths } from "./registerScenarioAsset.ts";
import { checkReferences } from "./scenarioReferences.ts";
import { type Scenario, scenarioShapeSchema } from "./scenarioTypes.ts";

/** The scenario file is malformed; `field` says where. */
export class ScenarioError extends MalformedFieldError {
  override name = "ScenarioError";
}

/** A scenario file, references included; a malformed one is a {@link ScenarioError}. */
export const scenarioSchema = reportedAs(refine(scenarioShapeSchema, checkReferences), ScenarioError);

/** Reads and validates a scenario file; its assets' bundle paths are resolved against the file's directory. */
export async function readScenario(file: string): Promise<Scenario> {
  return resolveBundlePaths(await readJsonFile(scenarioSchema, file), file);
}

/**
 * Validates a parsed scenario; throws {@link ScenarioError} at the first problem. `source` (a file name) starts
 * the message.
 *
 * @example
 * validateScenario(JSON.parse(text), "scenarios/demo.json"); // returns the typed scenario
 */
export function validateScenario(value: unknown, source?: string): Scenario {
  return parse(scenarioSchema, value, { source });
}
