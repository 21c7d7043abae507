import { type FormEvent, useId } from "react";
import { type Address, isAddress } from "viem";

/**
 * The form an account is typed into, and below it, while `invalid`, what an address is. Submitting trims the text:
 * an address goes to `onAddress`, and `onInvalid` is told whether the text was not one. `testId` names the input
 * for the end-to-end tests.
 */
export function AccountForm({
  text,
  onText,
  invalid,
  onInvalid,
  onAddress,
  placeholder,
  button,
  testId,
}: {
  text: string;
  onText: (text: string) => void;
  invalid: boolean;
  onInvalid: (invalid: boolean) => void;
  onAddress: (address: Address) => void;
  placeholder: string;
  button: string;
  testId?: string;
}) {
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    if (!isAddress(typed, { strict: false })) return onInvalid(true);
    onInvalid(false);
    onAddress(typed);
  };
  return (
    <>
      <form className="lookup" onSubmit={submit}>
        <label htmlFor={inputId}>Account</label>
        <input
          id={inputId}
          value={text}
          onChange={(e) => onText(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={invalid ? `${inputId}-error` : undefined}
          data-testid={testId}
        />
        <button type="submit">{button}</button>
      </form>
      {invalid ? (
        <p id={`${inputId}-error`} className="error-text">
          Enter an address: 0x and 40 hex digits.
        </p>
      ) : null}
    </>
  );
}
