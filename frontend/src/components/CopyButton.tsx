import { useCopy } from "../hooks/useCopy.ts";

/** A small button that copies `text`; says "Copied" for a moment (announced to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { copy, copied, failed } = useCopy();
  return (
    <button type="button" className="copy" onClick={() => copy(text)} aria-label={label} title={label}>
      <span aria-hidden="true">{copied ? "✓" : "⧉"}</span>
      <span className="visually-hidden" aria-live="polite">
        {copied ? "Copied" : failed ? "Copy failed" : ""}
      </span>
    </button>
  );
}
