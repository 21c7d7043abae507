import { formatTimestamp } from "../lib/format.ts";
import type { IntakeRefusal } from "../lib/intake.ts";
import { refusalTitle } from "../lib/intakeRefusals.ts";

/** One refusal on My contributions: what was refused (the reader's whole change request, or one part), where, why. */
export function IntakeRefusalCard({ refusal: r }: { refusal: IntakeRefusal }) {
  const wholeChange = r.logins !== undefined;
  return (
    <li className="card" data-testid="intake-refusal" data-code={r.code} data-whole-change={wholeChange}>
      <p className="card-title">
        <strong data-testid="refusal-title">
          {refusalTitle(r)}
          {wholeChange ? ":" : null}
        </strong>{" "}
        <span className="badge badge-bad">
          {r.stage}: {r.code}
        </span>
      </p>
      <p data-testid="refusal-reason">
        {r.reason} ({formatTimestamp(r.at)})
      </p>
    </li>
  );
}
