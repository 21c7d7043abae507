import { routeHref } from "../lib/route.ts";

/** A link to an asset's page, reading "asset #id". */
export function AssetLink({ id }: { id: bigint }) {
  return <a href={routeHref({ name: "asset", id })}>asset #{id.toString()}</a>;
}
