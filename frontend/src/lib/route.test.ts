import { describe, expect, test } from "vitest";

import { parseRoute, type Route, routeHref, routePage } from "./route.ts";

describe("hash routes", () => {
  test("the Governance page has a route and a link of its own; nothing below it", () => {
    expect(parseRoute("#/governance")).toEqual({ name: "governance" });
    expect(parseRoute("#/governance/")).toEqual({ name: "governance" });
    expect(parseRoute("#/governance/0x12")).toEqual({ name: "not-found", path: "/governance/0x12" });
    expect(routeHref({ name: "governance" })).toBe("#/governance");
  });

  test("Pay names the asset to pay in its query, or none; My assets has nothing below it", () => {
    expect(parseRoute("#/pay")).toEqual({ name: "pay", asset: undefined });
    expect(parseRoute("#/pay?asset=7")).toEqual({ name: "pay", asset: 7n });
    // An asset id that is not a number picks nothing rather than a wrong asset.
    expect(parseRoute("#/pay?asset=seven")).toEqual({ name: "pay", asset: undefined });
    expect(parseRoute("#/pay/7")).toEqual({ name: "not-found", path: "/pay/7" });
    expect(routeHref({ name: "pay", asset: 7n })).toBe("#/pay?asset=7");
    expect(routePage({ name: "pay", asset: 7n })).toBe(routePage({ name: "pay", asset: undefined }));
    expect(parseRoute("#/my-assets")).toEqual({ name: "my-assets" });
    expect(parseRoute("#/my-assets/3")).toEqual({ name: "not-found", path: "/my-assets/3" });
    expect(parseRoute("#/register")).toEqual({ name: "register" });
    expect(parseRoute("#/register/x")).toEqual({ name: "not-found", path: "/register/x" });
  });

  test("every page's link parses back to its route", () => {
    const routes: Route[] = [
      { name: "claim" },
      { name: "contributors", address: "0xabc" },
      { name: "assets", query: "model", sort: "newest" },
      { name: "asset", id: 4n },
      { name: "pay", asset: undefined },
      { name: "pay", asset: 4n },
      { name: "my-assets" },
      { name: "register" },
      { name: "epochs" },
      { name: "epoch", id: "3" },
      { name: "governance" },
      { name: "forge-accounts" },
      { name: "my-contributions" },
      { name: "intake" },
      { name: "verify", account: "0xabc" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  test("a page is its route without parameters: new parameters are the same page, another path is another", () => {
    expect(routePage({ name: "verify", account: "0xabc" })).toBe("#/verify");
    expect(routePage({ name: "assets", query: "model", sort: "newest" })).toBe(routePage(parseRoute("#/assets")));
    expect(routePage({ name: "contributors", address: "0xabc" })).not.toBe(
      routePage(parseRoute("#/contributors/0xdef")),
    );
    expect(routePage(parseRoute("#/main"))).toBe("#/main");
    expect(routePage(parseRoute("#main"))).toBe("#main");
  });
});
