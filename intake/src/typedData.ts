/**
 * The EIP-712 statements the intake verifies. No contract checks them (the ledger has no link registry and
 * the registry no opt-in), so their domain names the intake, not a contract: an opt-in is bound to its chain,
 * a link to no chain (a forge account is the same person on every chain).
 */

/** The domain of statements the intake verifies; an opt-in adds its chain id. */
export const INTAKE_DOMAIN = { name: "CoherenceIntake", version: "1" } as const;

/**
 * What an asset's owner signs to opt a repository in: this repository's merged work is attested to this asset,
 * paid through this distributor, behind these gates (`gatesHash`: `canonicalHash` of the gates as written in
 * `.coherence.json`, so a maintainer cannot loosen them without the owner signing again).
 */
export const REPOSITORY_OPT_IN_TYPES = {
  RepositoryOptIn: [
    { name: "repository", type: "string" },
    { name: "assetId", type: "uint256" },
    { name: "distributor", type: "address" },
    { name: "gatesHash", type: "bytes32" },
  ],
} as const;

/** What an address signs to link itself to a forge account; the account then posts it (`/ccn link`). */
export const FORGE_LINK_TYPES = {
  ForgeLink: [
    { name: "forge", type: "string" },
    { name: "login", type: "string" },
    { name: "account", type: "address" },
  ],
} as const;
