import { type Address, getAddress } from "viem";

import { deployment } from "./deployment.ts";

/** The USD price feed of each token that has one, by lower-case token address, from the deployment file. */
export const USD_FEEDS: ReadonlyMap<string, Address> = new Map(
  (deployment?.tokens ?? []).flatMap((t) =>
    t.usdFeed === undefined ? [] : [[t.address.toLowerCase(), getAddress(t.usdFeed)] as const],
  ),
);
