import { formatTimestamp } from "../lib/format.ts";
import { type IntakeGates as Gates, gateWords } from "../lib/intakeGates.ts";

/** The gates in effect, as the repository's latest verified opt-in signed them, or why they are not known. */
export function IntakeGates({ gates, verifiedAt }: { gates: Gates | undefined; verifiedAt: number | undefined }) {
  if (gates === undefined)
    return (
      <p className="muted" data-testid="intake-gates-unknown">
        Its gates are not known yet: the intake has not verified this repository's .coherence.json since it began
        keeping them. They show once it decides the repository's next change request.
      </p>
    );
  return (
    <>
      <h3>Gates in effect</h3>
      <ul data-testid="intake-gates">
        {gateWords(gates).map((words) => (
          <li key={words}>{words}</li>
        ))}
      </ul>
      {verifiedAt === undefined ? null : (
        <p className="muted">
          As the asset's owner signed them in .coherence.json, verified {formatTimestamp(verifiedAt)}.
        </p>
      )}
    </>
  );
}
