/**
 * Hash routes (`#/assets/4`), so the app is a set of static files any host can serve and every page has a link.
 */

export type Route =
  | { name: "claim" }
  | { name: "contributors"; address: string | undefined }
  | { name: "assets"; query: string; sort: AssetSort }
  | { name: "asset"; id: bigint }
  /** Paying revenue to an asset, `asset` picked in advance when the link names it. */
  | { name: "pay"; asset: bigint | undefined }
  /** The connected account's assets, as their owner sees them. */
  | { name: "my-assets" }
  | { name: "register" }
  | { name: "epochs" }
  | { name: "epoch"; id: string }
  | { name: "governance" }
  /** The connected address's forge links: see, add, end. */
  | { name: "forge-accounts" }
  /** What the forge intake has of the connected address's work: pending, held, attested, refused. */
  | { name: "my-contributions" }
  /** A maintainer's repositories in the forge intake, and the held work to approve. */
  | { name: "intake" }
  | { name: "verify"; account: string | undefined }
  | { name: "not-found"; path: string };

export const ASSET_SORTS = ["revenue", "resonance", "newest"] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];

/** Parses `location.hash`. */
export function parseRoute(hash: string): Route {
  const [pathPart = "", queryPart = ""] = hash.replace(/^#/, "").split("?", 2);
  const segments = pathPart
    .split("/")
    .filter((s) => s !== "")
    .map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  const [first, second] = segments;
  switch (first) {
    case undefined:
    case "claim":
      return { name: "claim" };
    case "contributors":
      return { name: "contributors", address: second };
    case "assets": {
      if (second !== undefined)
        return /^\d+$/.test(second) ? { name: "asset", id: BigInt(second) } : { name: "not-found", path: pathPart };
      const sort = params.get("sort");
      return {
        name: "assets",
        query: params.get("q") ?? "",
        sort: (ASSET_SORTS as readonly string[]).includes(sort ?? "") ? (sort as AssetSort) : "revenue",
      };
    }
    case "pay": {
      if (second !== undefined) return { name: "not-found", path: pathPart };
      const asset = params.get("asset") ?? "";
      return { name: "pay", asset: /^\d+$/.test(asset) ? BigInt(asset) : undefined };
    }
    case "my-assets":
      return second === undefined ? { name: "my-assets" } : { name: "not-found", path: pathPart };
    case "register":
      return second === undefined ? { name: "register" } : { name: "not-found", path: pathPart };
    case "epochs":
      return second === undefined ? { name: "epochs" } : { name: "epoch", id: second };
    case "governance":
      return second === undefined ? { name: "governance" } : { name: "not-found", path: pathPart };
    case "forge-accounts":
      return second === undefined ? { name: "forge-accounts" } : { name: "not-found", path: pathPart };
    case "my-contributions":
      return second === undefined ? { name: "my-contributions" } : { name: "not-found", path: pathPart };
    case "intake":
      return second === undefined ? { name: "intake" } : { name: "not-found", path: pathPart };
    case "verify":
      return { name: "verify", account: params.get("account") ?? undefined };
    default:
      return { name: "not-found", path: pathPart };
  }
}

/** The page a route shows, without its parameters: a new page is a navigation, new parameters are not. */
export function routePage(route: Route): string {
  return routeHref(route).split("?", 1)[0]!;
}

/** The hash of a route, for links. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case "claim":
      return "#/claim";
    case "contributors":
      return route.address === undefined ? "#/contributors" : `#/contributors/${route.address}`;
    case "assets": {
      const params = new URLSearchParams();
      if (route.query !== "") params.set("q", route.query);
      if (route.sort !== "revenue") params.set("sort", route.sort);
      const query = params.toString();
      return `#/assets${query === "" ? "" : `?${query}`}`;
    }
    case "asset":
      return `#/assets/${route.id}`;
    case "pay":
      return route.asset === undefined ? "#/pay" : `#/pay?asset=${route.asset}`;
    case "my-assets":
      return "#/my-assets";
    case "register":
      return "#/register";
    case "epochs":
      return "#/epochs";
    case "epoch":
      return `#/epochs/${encodeURIComponent(route.id)}`;
    case "governance":
      return "#/governance";
    case "forge-accounts":
      return "#/forge-accounts";
    case "my-contributions":
      return "#/my-contributions";
    case "intake":
      return "#/intake";
    case "verify":
      return route.account === undefined ? "#/verify" : `#/verify?account=${route.account}`;
    case "not-found":
      return `#${route.path}`;
  }
}
