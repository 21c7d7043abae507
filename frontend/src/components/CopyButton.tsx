import { useCopy } from "../hooks/useCopy.ts";

/** A small button that copies `text`; says "Copied" for a moment (announced to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { copy, copied, failed } = useCopy();
  return (
    <button type="button" className="copy" onClick={() => copy(text)} aria-label={label} title={label}>
      {copied ? (
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16">
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      ) : (
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16">
          <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path
            d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        </svg>
      )}
      <span className="visually-hidden" aria-live="polite">
        {copied ? "Copied" : failed ? "Copy failed" : ""}
      </span>
    </button>
  );
}
