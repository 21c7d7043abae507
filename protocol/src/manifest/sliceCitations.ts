/**
 * What one account's slice of a v3 manifest must hold, shared by the cutter (which fetches it) and the verifier
 * (which checks it is there): the account's leaves and previous totals; for each asset its leaves' sources name,
 * the asset, its pool revenue and its lineage flows; for each contribution they weigh, the contribution, its cost
 * check and its score; and the flows of the descendants whose revenue reached those assets, as deep as the
 * explanation follows them ({@link EXPLANATION_DEPTH}). Elements are looked up by the key their section is sorted
 * by first (an account, an asset id, a contribution id), so "all of an account's leaves" is one key.
 */
import type { ElementSection, ManifestElements } from "./decodeManifest.ts";
import type { Address } from "./elements.ts";

/** How many lineage levels below a source asset an explanation follows (and a slice carries the flows of). */
export const EXPLANATION_DEPTH = 3;

/** The sections a slice carries elements of: every element section. */
export type SliceSection = ElementSection;

// Ids are uint256 decimals; padded to 78 digits they compare as strings in numeric order, like the hex keys.
const id = (value: bigint): string => value.toString().padStart(78, "0");

/** The key each section is sorted by first, as a string that compares in the section's order. */
export const SECTION_KEYS: { readonly [S in SliceSection]: (element: ManifestElements[S]) => string } = {
  "inputs.assets": (e) => id(e.id),
  "inputs.contributions": (e) => e.id,
  "inputs.costs": (e) => e.contributionId,
  "inputs.previous": (e) => e.account,
  "inputs.revenue": (e) => id(e.assetId),
  leaves: (e) => e.account,
  lineageFlows: (e) => id(e.assetId),
  scores: (e) => e.contributionId,
};

/** The elements of each key looked up, all of them (a key with none maps to an empty list). */
export type CitedElements = { [S in SliceSection]: Map<string, ManifestElements[S][]> };

/** Looks up every element of each key of one section; the verifier answers from the slice, the cutter reads chunks. */
export type CitationLookup = <S extends SliceSection>(
  section: S,
  keys: readonly string[],
) => Promise<Map<string, ManifestElements[S][]>> | Map<string, ManifestElements[S][]>;

/**
 * Looks up, stage by stage, everything `account`'s slice cites, and returns what was found per section and key.
 *
 * @example
 * const cited = await collectCitations("0xab…", (section, keys) => fromMyChunks(section, keys));
 * cited.leaves.get("0xab…"); // the account's leaves
 */
export async function collectCitations(account: Address, lookup: CitationLookup): Promise<CitedElements> {
  const cited = Object.fromEntries(
    (Object.keys(SECTION_KEYS) as SliceSection[]).map((section) => [section, new Map()]),
  ) as unknown as CitedElements;
  const fetch = async <S extends SliceSection>(section: S, keys: Iterable<string>) => {
    const wanted = [...new Set(keys)].filter((key) => !cited[section].has(key)).sort();
    if (wanted.length === 0) return;
    const found = await lookup(section, wanted);
    for (const key of wanted) (cited[section] as Map<string, unknown[]>).set(key, found.get(key) ?? []);
  };
  const key = account.toLowerCase();
  await Promise.all([fetch("leaves", [key]), fetch("inputs.previous", [key])]);
  const leaves = cited.leaves.get(key) ?? [];
  const assets = new Set<string>();
  const contributions = new Set<string>();
  for (const leaf of leaves) {
    for (const source of leaf.sources) {
      assets.add(id(source.assetId));
      if (source.kind === "contributors") for (const c of source.contributions) contributions.add(c.id);
    }
  }
  await Promise.all([
    fetch("inputs.assets", assets),
    fetch("inputs.revenue", assets),
    fetch("lineageFlows", assets),
    fetch("inputs.contributions", contributions),
    fetch("inputs.costs", contributions),
    fetch("scores", contributions),
  ]);
  // Follow each leaf's token down the lineage as the explanation does: the children that passed revenue up.
  let frontier = leaves.flatMap((leaf) => leaf.sources.map((s) => ({ asset: id(s.assetId), token: leaf.token })));
  for (let depth = 0; depth < EXPLANATION_DEPTH && frontier.length > 0; depth++) {
    const next = new Map<string, { asset: string; token: Address }>();
    for (const { asset, token } of frontier) {
      for (const flow of cited.lineageFlows.get(asset) ?? []) {
        if (flow.token !== token) continue;
        for (const child of flow.fromChildren)
          next.set(`${child.assetId}:${token}`, { asset: id(child.assetId), token });
      }
    }
    frontier = [...next.values()];
    await fetch(
      "lineageFlows",
      frontier.map((n) => n.asset),
    );
  }
  return cited;
}
