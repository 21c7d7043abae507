/**
 * Prose lint of Markdown a change added (scoring v2 configs with `prose`), with retext at the exact versions the
 * config pins: the English parser and the rule plugins the config names. Only findings the change introduced
 * count: a finding (its rule and the words it flags) counts as many times more after the change than before, on
 * the lines the change added, so a file's old prose is never charged to the one who touched it. Code (fenced
 * blocks, inline code), link targets, HTML and URLs are blanked out first, keeping every line and column.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillers } from "fillers";
import retextEnglish from "retext-english";
import retextIndefiniteArticle from "retext-indefinite-article";
import retextIntensify from "retext-intensify";
import retextRedundantAcronyms from "retext-redundant-acronyms";
import retextRepeatedWords from "retext-repeated-words";
import { unified } from "unified";
import { VFile } from "vfile";
import type { ProseSettings } from "./config.ts";
import { ProseLinterVersionError } from "./errors.ts";

/** The rule plugins a config may name; a rule is a plugin, or `<plugin>/<its rule id>` for one kind of its findings. */
export const PROSE_PLUGINS = {
  "indefinite-article": retextIndefiniteArticle,
  intensify: retextIntensify,
  "redundant-acronyms": retextRedundantAcronyms,
  "repeated-words": retextRepeatedWords,
} as const;

/** A finding the change introduced. */
export type ProseFinding = { line: number; rule: string; words: string };

const FENCE = /^\s*(```|~~~)/;
/**
 * retext-intensify names a word that is on several of its lists (`very`, `just`, `really`) by one of them only, a
 * weasel before a filler: a finding of a word on the pinned fillers list is a filler, whichever it was named.
 */
const FILLERS: ReadonlySet<string> = new Set(fillers);

/** The Markdown with everything that is not prose replaced by spaces (line breaks kept). */
export function proseOf(markdown: string): string {
  let inFence = false;
  const blank = (match: string) => match.replace(/[^\n]/g, " ");
  return markdown
    .split("\n")
    .map((line) => {
      if (FENCE.test(line)) {
        inFence = !inFence;
        return blank(line);
      }
      if (inFence || /^\s*(?:\||<)/.test(line)) return blank(line);
      return line
        .replace(/`[^`]*`/g, blank)
        .replace(/\]\([^)]*\)/g, (m) => `]${blank(m.slice(1))}`)
        .replace(/<[^>]*>/g, blank)
        .replace(/\bhttps?:\/\/\S+/g, blank)
        .replace(/[#>*_[\]]/g, " ");
    })
    .join("\n");
}

/** The plugin of a rule name (`intensify/filler` -> `intensify`). */
function pluginOf(rule: string): keyof typeof PROSE_PLUGINS {
  return rule.split("/")[0] as keyof typeof PROSE_PLUGINS;
}

/**
 * The installed version of a package, from the package.json above its entry point (these packages export no
 * `./package.json`).
 */
function installedVersion(name: string): string {
  let directory = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
        name?: string;
        version: string;
      };
      if (manifest.name === name) return manifest.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const parent = dirname(directory);
    if (parent === directory) return "(not found)";
    directory = parent;
  }
}

/** Throws {@link ProseLinterVersionError} unless every package the config pins is installed at its version. */
function checkVersions(settings: ProseSettings): void {
  for (const [name, pinned] of Object.entries(settings.versions)) {
    const installed = installedVersion(name);
    if (installed !== pinned) throw new ProseLinterVersionError(name, pinned, installed);
  }
}

let checked: ProseSettings | undefined;

/** Every finding of the config's rules in `markdown`, in order. */
function findings(markdown: string, settings: ProseSettings): ProseFinding[] {
  if (checked !== settings) {
    checkVersions(settings);
    checked = settings;
  }
  const plugins = [...new Set(settings.rules.map(pluginOf))].sort();
  const processor = unified().use(retextEnglish);
  for (const plugin of plugins) processor.use(PROSE_PLUGINS[plugin]);
  const file = new VFile(proseOf(markdown));
  processor.runSync(processor.parse(file), file);
  const rules = new Set(settings.rules);
  return file.messages
    .map((message) => {
      const plugin = (message.source ?? "").replace(/^retext-/, "");
      const words = (typeof message.actual === "string" ? message.actual : "").toLowerCase();
      const id = plugin === "intensify" && FILLERS.has(words) ? "filler" : (message.ruleId ?? "");
      const rule = rules.has(plugin) ? plugin : `${plugin}/${id}`;
      return { line: message.line ?? 0, rule, words };
    })
    .filter((finding) => rules.has(finding.rule));
}

/**
 * The findings the change introduced to a Markdown file: `before` is its old text (none for an added file).
 *
 * @example
 * introducedProseFindings("It is the the API.\n", undefined, new Set([1]), settings)
 * // [{ line: 1, rule: "repeated-words", words: "the the" }]
 * @throws {ProseLinterVersionError} when the installed linter is not the pinned one.
 */
export function introducedProseFindings(
  text: string,
  before: string | undefined,
  addedLines: ReadonlySet<number>,
  settings: ProseSettings,
): ProseFinding[] {
  const key = (finding: ProseFinding) => `${finding.rule}\0${finding.words}`;
  const old = new Map<string, number>();
  for (const finding of before === undefined ? [] : findings(before, settings))
    old.set(key(finding), (old.get(key(finding)) ?? 0) + 1);
  const after = findings(text, settings);
  const surplus = new Map<string, number>();
  for (const finding of after) surplus.set(key(finding), (surplus.get(key(finding)) ?? 0) + 1);
  for (const [k, count] of old) surplus.set(k, (surplus.get(k) ?? 0) - count);
  const introduced: ProseFinding[] = [];
  for (const finding of after) {
    const left = surplus.get(key(finding)) ?? 0;
    if (left <= 0 || !addedLines.has(finding.line)) continue;
    surplus.set(key(finding), left - 1);
    introduced.push(finding);
  }
  return introduced;
}
