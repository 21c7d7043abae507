/** For unit tests: rendered markup as the text a reader sees, one space between words, apostrophes decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}
