/**
 * The protocol's error hierarchy, shared by every package, in the style of viem's `BaseError`: a one-line
 * `shortMessage` for people, optional `details` and `metaMessages` for context,
 * and the original `cause` kept so nothing is lost when errors are wrapped.
 *
 * Two kinds matter to callers, as in @openzeppelin/merkle-tree:
 * - {@link InvalidArgumentError}: the caller passed something wrong; fix the input.
 * - {@link InvariantError}: the code itself is wrong; this is a bug.
 */

/** Options common to every error. */
export type BaseErrorParameters = {
  /** Longer explanation, shown after the short message. */
  details?: string | undefined;
  /** Extra lines of context (values involved, where to look). */
  metaMessages?: readonly string[] | undefined;
  /** The error that caused this one. */
  cause?: unknown;
};

/** Root of every error the protocol's packages throw on purpose. */
export class BaseError extends Error {
  override name = "BaseError";
  /** The message without details or context lines. */
  readonly shortMessage: string;
  /** Longer explanation; for a wrapped error, the cause's details or message. */
  readonly details: string;
  readonly metaMessages: readonly string[] | undefined;

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    const details =
      args.details ??
      (args.cause instanceof BaseError ? args.cause.details : args.cause instanceof Error ? args.cause.message : "");
    const message = [
      shortMessage,
      ...(args.metaMessages !== undefined && args.metaMessages.length > 0 ? ["", ...args.metaMessages] : []),
      ...(details !== "" ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, args.cause !== undefined ? { cause: args.cause } : undefined);
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = args.metaMessages;
  }

  /**
   * The first error in the cause chain (this one included) that `predicate`
   * accepts, or the deepest cause when no predicate is given.
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    for (;;) {
      if (predicate?.(current)) return current;
      const next = current instanceof Error ? current.cause : undefined;
      if (next === undefined) return predicate === undefined ? current : null;
      current = next;
    }
  }
}

/** The caller's input is invalid: wrong shape, out of range, inconsistent. */
export class InvalidArgumentError extends BaseError {
  override name = "InvalidArgumentError";
}

/** Something that cannot happen did: a bug in the code, never the caller's fault. */
export class InvariantError extends BaseError {
  override name = "InvariantError";
}

/**
 * A saved file (tree dump, manifest) has a format version this code does not read.
 * Separate from other argument errors so callers can tell "upgrade the tool" from "bad file".
 */
export class UnsupportedFormatError extends InvalidArgumentError {
  override name = "UnsupportedFormatError";
  readonly found: string;
  readonly expected: string;

  constructor(what: string, found: unknown, expected: string) {
    super(`Unsupported ${what} format ${JSON.stringify(found)}; expected "${expected}".`);
    this.found = typeof found === "string" ? found : (JSON.stringify(found) ?? String(found));
    this.expected = expected;
  }
}

/**
 * A manifest, a configuration or another structured input is malformed at a precise place. `field` is a path
 * such as `leaves[12].sources[0].amount`; `source` is the file (or other origin) when known, `line` the 1-based
 * line in it. The message reads `source: field: problem (line N)`.
 */
export class MalformedFieldError extends InvalidArgumentError {
  override name = "MalformedFieldError";
  readonly field: string;
  /** What is wrong with the field, without its name. */
  readonly problem: string;
  readonly line: number | undefined;
  readonly source: string | undefined;

  constructor(
    field: string,
    problem: string,
    options: { line?: number | undefined; source?: string | undefined; cause?: unknown } = {},
  ) {
    const where = options.source !== undefined ? `${options.source}: ` : "";
    const line = options.line !== undefined ? ` (line ${options.line})` : "";
    super(`${where}${field}: ${problem}${line}`, { cause: options.cause });
    this.field = field;
    this.problem = problem;
    this.line = options.line;
    this.source = options.source;
  }
}

/** Throws an {@link InvalidArgumentError} unless `condition` holds. */
export function validateArgument(condition: boolean, message: string, details?: string): asserts condition {
  if (!condition) throw new InvalidArgumentError(message, { details });
}

/** Throws an {@link InvariantError} unless `condition` holds. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
