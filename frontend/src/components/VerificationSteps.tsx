import type { LeafVerification } from "@coherence/protocol";

function Value({ value }: { value: string }) {
  return <code className="hash-full">{value}</code>;
}

/**
 * Every step of a leaf's verification: the ABI encoding, the two keccak256 of the leaf, each proof step with
 * the pair in the order it is hashed, and the recomputed root against the on-chain one.
 */
export function VerificationSteps({ verification, rootLabel }: { verification: LeafVerification; rootLabel: string }) {
  const v = verification;
  return (
    <section
      className="verification"
      aria-label="Verification steps"
      data-testid="verification"
      data-valid={v.valid ? "true" : "false"}
    >
      <ol className="steps">
        <li>
          <p>
            Encode the leaf: <code>abi.encode(account, token, cumulativeAmount)</code>
          </p>
          <Value value={v.encoded} />
        </li>
        <li>
          <p>
            Hash it: <code>keccak256(encoded)</code>
          </p>
          <Value value={v.innerHash} />
        </li>
        <li>
          <p>
            Hash again (OpenZeppelin's StandardMerkleTree leaf): <code>keccak256(inner)</code>
          </p>
          <Value value={v.leafHash} />
        </li>
        {v.steps.map((step) => (
          <li key={step.index} data-testid="proof-step">
            <p>
              Proof step {step.index + 1}: hash the node with its sibling <code>{step.sibling.slice(0, 10)}…</code>,
              smaller value first: <code>keccak256(left ‖ right)</code>
            </p>
            <dl className="pair">
              <dt>left</dt>
              <dd>
                <Value value={step.left} />
              </dd>
              <dt>right</dt>
              <dd>
                <Value value={step.right} />
              </dd>
              <dt>result</dt>
              <dd>
                <Value value={step.result} />
              </dd>
            </dl>
          </li>
        ))}
        <li>
          <p>Compare the computed root with the {rootLabel}:</p>
          <dl className="pair">
            <dt>computed</dt>
            <dd>
              <Value value={v.computedRoot} />
            </dd>
            <dt>{rootLabel}</dt>
            <dd>
              <Value value={v.expectedRoot} />
            </dd>
          </dl>
        </li>
      </ol>
      <p className={v.valid ? "verdict verdict-ok" : "verdict verdict-bad"} role="status" data-testid="verdict">
        {v.valid
          ? "✓ Valid: this leaf is in the tree whose root is on-chain, so the distributor will accept this proof."
          : "✗ Not valid: the recomputed root differs from the on-chain root. The leaf, the amount or the proof is wrong, or a newer epoch has been finalised."}
      </p>
    </section>
  );
}
