/**
 * The components a CycloneDX SBOM (`bom.json`) lists, read through `@cyclonedx/cyclonedx-library`: the file is
 * checked against the CycloneDX JSON Schema of the version it declares, then read as the library's JSON types.
 * What lineage needs of each component is its name (an npm package's, from its purl or group and name), its
 * version and its source repository (the `vcs` external reference).
 */
import { readFile } from "node:fs/promises";
import { InputFileError } from "@coherence/protocol/node";
import { type Serialize, Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";

type Component = Serialize.JSON.Types.Normalized.Component;

export type SbomComponent = {
  readonly name: string;
  readonly version: string | undefined;
  readonly repository: string | undefined;
};

/**
 * @example
 * (await readSbomComponents("bom.json")).find((c) => c.name === "@octokit/types") // { version: "16.0.0", … }
 */
export async function readSbomComponents(file: string): Promise<SbomComponent[]> {
  const text = await readFile(file, "utf8").catch((cause: Error) => {
    throw new InputFileError(file, `cannot be read (${cause.message})`, cause);
  });
  let bom: { specVersion?: unknown; components?: Component[] };
  try {
    bom = JSON.parse(text);
  } catch (cause) {
    throw new InputFileError(file, `is not JSON (${(cause as Error).message})`, cause);
  }
  const version = Object.values(Spec.Version).find((v) => v === bom.specVersion);
  if (version === undefined) {
    throw new InputFileError(file, `specVersion ${JSON.stringify(bom.specVersion)} is not a CycloneDX version`);
  }
  const problems = await new Validation.JsonValidator(version).validate(text);
  if (problems !== null) {
    throw new InputFileError(file, `is not a valid CycloneDX ${version} SBOM: ${describeProblems(problems)}`);
  }
  return flatten(bom.components ?? []).map((component) => ({
    name: nameOf(component),
    version: component.version,
    repository: component.externalReferences?.find((reference) => reference.type === "vcs")?.url,
  }));
}

function flatten(components: readonly Component[]): Component[] {
  return components.flatMap((component) => [component, ...flatten(component.components ?? [])]);
}

/** An npm component's package name (`@octokit/types`); another component's group and name. */
function nameOf(component: Component): string {
  if (component.purl?.startsWith("pkg:npm/")) {
    const purl = PackageURL.fromString(component.purl);
    return purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
  }
  return component.group ? `${component.group}/${component.name}` : component.name;
}

/** The first few of ajv's errors, as `path: message`. */
function describeProblems(problems: unknown): string {
  const list = Array.isArray(problems) ? (problems as { instancePath?: string; message?: string }[]) : [];
  if (list.length === 0) return String(problems);
  return list
    .slice(0, 3)
    .map((p) => `${p.instancePath || "(root)"}: ${p.message}`)
    .join("; ");
}
