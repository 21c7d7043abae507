/**
 * A composable's lineage as a CycloneDX 1.5 JSON SBOM, for SBOM tools: the composable is the BOM's
 * `metadata.component`, and its suggested parents are that component's `pedigree.ancestors`, each carrying its
 * asset id, edge weight and importing-file count as `coherence:` properties. Built and serialised with
 * `@cyclonedx/cyclonedx-library`, whose models have no pedigree: the parents are normalised by it as components,
 * then moved into the pedigree. No serial number or timestamp, so one suggestion always writes the same bytes.
 */

import type { AssetKind } from "@coherence/protocol";
import { Enums, Models, Serialize, Spec } from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";

import type { RegisteredAssets } from "./registeredAssets.ts";
import type { Composable, LineageSuggestion } from "./suggestLineage.ts";

const COMPONENT_TYPES: Readonly<Record<AssetKind, Enums.ComponentType>> = {
  Code: Enums.ComponentType.Library,
  Model: Enums.ComponentType.MachineLearningModel,
  Data: Enums.ComponentType.Data,
  Design: Enums.ComponentType.File,
  Docs: Enums.ComponentType.File,
  Content: Enums.ComponentType.File,
  Other: Enums.ComponentType.File,
};

/**
 * @example
 * await writeFile("lineage.cdx.json", lineageSbom(suggestion, assets));
 */
export function lineageSbom(suggestion: LineageSuggestion, assets: RegisteredAssets): string {
  const bom = new Models.Bom();
  const composable = component(suggestion.composable, "composable");
  bom.metadata.component = composable;
  for (const parent of suggestion.parents) {
    const { manifest } = assets.byId(parent.assetId)!;
    const ancestor = component(manifest, `coherence-asset-${parent.assetId}`);
    ancestor.properties.add(new Models.Property("coherence:assetId", String(parent.assetId)));
    ancestor.properties.add(new Models.Property("coherence:weightBps", String(parent.weightBps)));
    ancestor.properties.add(new Models.Property("coherence:importingFiles", String(parent.files.length)));
    bom.components.add(ancestor);
    composable.dependencies.add(ancestor.bomRef);
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5));
  const normalized = JSON.parse(serializer.serialize(bom, { sortLists: true })) as Serialize.JSON.Types.Normalized.Bom;
  const { components: ancestors = [], ...rest } = normalized;
  const document = {
    ...rest,
    metadata: { ...rest.metadata, component: { ...rest.metadata?.component, pedigree: { ancestors } } },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function component(source: Composable, bomRef: string): Models.Component {
  const npm = source.package === undefined ? undefined : /^(?:(@[^/]+)\/)?(.+)$/.exec(source.package)!;
  const result = new Models.Component(COMPONENT_TYPES[source.kind], source.name, {
    bomRef,
    version: source.version,
    purl:
      npm === undefined
        ? undefined
        : new PackageURL("npm", npm[1], npm[2]!, source.version, undefined, undefined).toString(),
  });
  if (source.licence !== undefined) result.licenses.add(new Models.SpdxLicense(source.licence));
  if (source.repository !== undefined) {
    result.externalReferences.add(new Models.ExternalReference(source.repository, Enums.ExternalReferenceType.VCS));
  }
  return result;
}
