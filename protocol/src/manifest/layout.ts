/**
 * The line layout of a manifest, shared by the writer and the reader.
 *
 * The file is one canonical JSON document split into lines so it can be
 * written and read as a stream: line 1 is the header (every small field,
 * keys sorted, ending by opening `inputs.assets`); then each large array has
 * one element per line (a comma ends every element line but the last),
 * separated by fixed structural lines; the last line closes the document, and
 * the file ends with a newline. Key order is alphabetical at every level, as
 * canonical JSON requires, and `format` sorts before every large section.
 */

/** A large array of the manifest: its path and the structural line that opens it. */
export type ManifestSection = {
  /** Path of the array, used in error messages (`leaves[3].amount`). */
  path:
    | "inputs.assets"
    | "inputs.contributions"
    | "inputs.costs"
    | "inputs.previous"
    | "inputs.revenue"
    | "leaves"
    | "lineageFlows"
    | "payoutTree.nodes"
    | "scores"
    | "scoresTree.nodes";
  /** The line before the first element (for the first section: the end of the header). */
  opening: string;
};

/** The leaf types of the payout tree: `(account, token, cumulativeAmount)`, as the PayoutDistributor hashes it. */
export const PAYOUT_LEAF_ENCODING = Object.freeze(["address", "address", "uint256"] as const);
/** The leaf types of the scores tree: `(contributionId, coherenceBps, metricsHash)`. */
export const SCORE_LEAF_ENCODING = Object.freeze(["bytes32", "uint16", "bytes32"] as const);

/** What the header line ends with: the opening of the first section. */
export const HEADER_SUFFIX = ',"inputs":{"assets":[';

/** The sections of a v2 manifest in file order. */
export const SECTIONS: readonly ManifestSection[] = [
  { path: "inputs.assets", opening: HEADER_SUFFIX },
  { path: "inputs.contributions", opening: '],"contributions":[' },
  { path: "inputs.costs", opening: '],"costs":[' },
  { path: "inputs.previous", opening: '],"previous":[' },
  { path: "inputs.revenue", opening: '],"revenue":[' },
  { path: "leaves", opening: ']},"leaves":[' },
  { path: "lineageFlows", opening: '],"lineageFlows":[' },
  {
    path: "payoutTree.nodes",
    opening: `],"payoutTree":{"leafEncoding":${JSON.stringify(PAYOUT_LEAF_ENCODING)},"nodes":[`,
  },
  { path: "scores", opening: ']},"scores":[' },
  {
    path: "scoresTree.nodes",
    opening: `],"scoresTree":{"leafEncoding":${JSON.stringify(SCORE_LEAF_ENCODING)},"nodes":[`,
  },
];

/** The sections of a v1 manifest, which has no cost checks. */
export const SECTIONS_V1: readonly ManifestSection[] = SECTIONS.filter((s) => s.path !== "inputs.costs");

/** The sections of a manifest of `format`, in file order. */
export function sectionsOf(format: string): readonly ManifestSection[] {
  return format === "coherence-epoch-manifest-v1" ? SECTIONS_V1 : SECTIONS;
}

/** The last line: closes the scores tree's nodes, the scores tree and the document. */
export const CLOSING = "]}}";
