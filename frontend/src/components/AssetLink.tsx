import { useAssetName } from "../hooks/useAssetName.ts";
import { routeHref } from "../lib/route.ts";

/** A link to an asset's page, reading "risk-model (asset #5)", or "asset #5" until its name is known. */
export function AssetLink({ id }: { id: bigint }) {
  const name = useAssetName(id);
  const label = `asset #${id.toString()}`;
  return <a href={routeHref({ name: "asset", id })}>{name === undefined ? label : `${name} (${label})`}</a>;
}
