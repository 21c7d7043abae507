import { verifyPayoutLeaf } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { renderToStaticMarkup } from "react-dom/server";
import type { Address, Hex } from "viem";
import { describe, expect, test } from "vitest";
import { VerificationSteps } from "./VerificationSteps.tsx";

const values: [string, string, bigint][] = [
  ["0xbcd4042de499d14e55001ccbb24a551f3b954096", "0x0165878a594ca255338adfa4d48449f69242eb8f", 115_562_736n],
  ["0x71be63f3384f5fb98995898a86b02fb2426c5788", "0x0165878a594ca255338adfa4d48449f69242eb8f", 80_000_000n],
  ["0xbcd4042de499d14e55001ccbb24a551f3b954096", "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707", 29_609_749_120_829_197n],
  ["0xfabb0ac9d68b0b445fb7357272ff202c5651694a", "0x0165878a594ca255338adfa4d48449f69242eb8f", 1n],
  ["0x1cbd3b2770909d4e10f157cabc84c7264073c9ec", "0x0165878a594ca255338adfa4d48449f69242eb8f", 346_020_174n],
];
const tree = StandardMerkleTree.of(values, ["address", "address", "uint256"]);

function render(index: number, root: string = tree.root) {
  const [account, token, cumulativeAmount] = tree.at(index)!;
  const proof = tree.getProof(index) as Hex[];
  const verification = verifyPayoutLeaf(
    { account: account as Address, token: token as Address, cumulativeAmount, proof },
    root as Hex,
  );
  return {
    html: renderToStaticMarkup(<VerificationSteps verification={verification} rootLabel="on-chain root" />),
    verification,
    proof,
  };
}

describe("VerificationSteps", () => {
  test("shows the encoding, both leaf hashes, every proof step and the matching root", () => {
    for (let i = 0; i < values.length; i++) {
      const { html, verification, proof } = render(i);
      expect(html).toContain('data-valid="true"');
      expect(html).toContain(verification.encoded);
      expect(html).toContain(verification.innerHash);
      expect(html).toContain(tree.leafHash(tree.at(i)!));
      expect(html.match(/data-testid="proof-step"/g)?.length ?? 0).toBe(proof.length);
      for (const sibling of proof) expect(html).toContain(sibling);
      expect(html.split(tree.root).length - 1).toBeGreaterThanOrEqual(2); // computed and on-chain
      expect(html).toContain("✓ Valid");
    }
  });

  test("says the leaf is not valid when the roots differ", () => {
    const { html } = render(0, `0x${"00".repeat(32)}`);
    expect(html).toContain('data-valid="false"');
    expect(html).toContain("✗ Not valid");
  });
});
