/**
 * Whether a doc comment only restates the name it documents (`/** Fetch. *\/` on `fetch`, `/** The ky instance *\/`
 * on `ky`): such a comment tells a reader nothing the name did not, so it counts as no documentation.
 */

/** Words that say nothing about what a symbol does. */
const FILLER = new Set(
  (
    "a an and are as be by for from get gets in instance is it its method of on or return returns set sets that the " +
    "this to type value function class constant variable object interface new create creates"
  ).split(" "),
);

function words(text: string): string[] {
  return (text.match(/[A-Za-z][a-z]*|[A-Z]+(?![a-z])|\d+/g) ?? []).map((w) => w.toLowerCase().replace(/s$/, ""));
}

/**
 * True when the doc has fewer than two words that are neither filler nor a word of the name.
 *
 * @example
 * restatesName("Gets the user name.", "getUserName") // true
 * restatesName("Retries a failed request with exponential backoff.", "retry") // false
 */
export function restatesName(doc: string, name: string): boolean {
  const own = new Set(words(name));
  // Tags (`@example`, `@param`) count as words only through what they say.
  const said = words(doc.replace(/@[a-z]+/g, " ")).filter((w) => !FILLER.has(w) && !own.has(w));
  return new Set(said).size < 2;
}
