import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createScoringConfig,
  createScoringConfigV1,
  DEFAULT_DEPENDENCIES,
  DEFAULT_LIMITS,
  DEFAULT_PROSE,
  DEFAULT_WEIGHTS,
  limitsOf,
  type ScoringConfig,
} from "./config.ts";
import { MalformedScoringConfigError } from "./errors.ts";
import { publishedScoringConfig, scoringConfigHash, validateScoringConfig } from "./validateConfig.ts";

const base = (): ScoringConfig =>
  createScoringConfigV1({
    "7": {
      url: "https://example.org/app.git",
      path: "/srv/app",
      ref: "refs/heads/main",
      architecture: { maxFileLines: 400, forbiddenImports: [{ from: "a/**", to: "b/**" }] },
    },
  });

/**
 * The config as loose data, as the edits below see it: they deliberately write values of the wrong type,
 * delete required fields and add unknown ones, at any depth.
 */
// biome-ignore lint/suspicious/noExplicitAny: the edits deliberately write invalid values of any type at any depth
type LooseConfig = Record<string, any>;

/** A deep copy of the default config with `edit` applied to it. */
function edited(edit: (config: LooseConfig) => void): unknown {
  const config: LooseConfig = structuredClone(base());
  edit(config);
  return config;
}

function assertBadField(config: unknown, field: string): void {
  assert.throws(
    () => validateScoringConfig(config),
    (error: unknown) => error instanceof MalformedScoringConfigError && error.field === field,
    `expected the error to name ${field}`,
  );
}

describe("validateScoringConfig", () => {
  test("accepts the defaults; the published weights sum to 10000", () => {
    const config = base();
    assert.deepEqual(validateScoringConfig(config), config);
    assert.equal(
      Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0),
      10000,
    );
  });

  test("names the bad field", () => {
    assertBadField(null, "(root)");
    assertBadField(
      edited((c) => (c.format = "v0")),
      "format",
    );
    assertBadField(
      edited((c) => (c.weights.lint = 1500.5)),
      "weights.lint",
    );
    assertBadField(
      edited((c) => delete c.weights.docs),
      "weights.docs",
    );
    assertBadField(
      edited((c) => (c.weights.style = 0)),
      "weights.style",
    );
    assertBadField(
      edited((c) => (c.weights.lint = 1000)),
      "weights",
    );
    assertBadField(
      edited((c) => (c.curves.lint.linesPerFindingAtHalf = 0)),
      "curves.lint.linesPerFindingAtHalf",
    );
    assertBadField(
      edited((c) => (c.curves.complexity.zeroAt = 5)),
      "curves.complexity.zeroAt",
    );
    assertBadField(
      edited((c) => (c.curves.tests.patterns = [])),
      "curves.tests.patterns",
    );
    assertBadField(
      edited((c) => (c.curves.tests.patterns = ["", "x"])),
      "curves.tests.patterns[0]",
    );
    assertBadField(
      edited((c) => (c.curves.novelty.window = -1)),
      "curves.novelty.window",
    );
    assertBadField(
      edited((c) => (c.curves.architecture.penaltyBps = 10001)),
      "curves.architecture.penaltyBps",
    );
    assertBadField(
      edited((c) => (c.multiplier.kind = "quadratic")),
      "multiplier.kind",
    );
    assertBadField(
      edited((c) => (c.repositories["07"] = c.repositories["7"])),
      "repositories.07",
    );
    assertBadField(
      edited((c) => (c.repositories["7"].url = "")),
      "repositories.7.url",
    );
    assertBadField(
      edited((c) => delete c.repositories["7"].path),
      "repositories.7.path",
    );
    assertBadField(
      edited((c) => (c.repositories["7"].architecture.maxFileLines = "400")),
      "repositories.7.architecture.maxFileLines",
    );
    assertBadField(
      edited((c) => (c.repositories["7"].architecture.forbiddenImports[0].to = 3)),
      "repositories.7.architecture.forbiddenImports[0].to",
    );
  });

  test("the message names the field too, in the one style of input errors", () => {
    assert.throws(
      () => validateScoringConfig(edited((c) => (c.weights.novelty = "high"))),
      /^MalformedScoringConfigError: weights\.novelty: expected an integer 0\.\.10000, got "high"$/,
    );
    assert.throws(
      () => validateScoringConfig(edited((c) => (c.weights.lint = 1000))),
      /^MalformedScoringConfigError: weights: must sum to 10000 basis points, they sum to 9500$/,
    );
    assert.throws(
      () => validateScoringConfig(edited((c) => (c.curves.complexity.zeroAt = 5))),
      /curves\.complexity\.zeroAt: must be more than fullUpTo \(5\), got 5/,
    );
    assert.throws(
      () => validateScoringConfig(edited((c) => (c.repositories["07"] = c.repositories["7"]))),
      /repositories\.07: is not an asset id/,
    );
  });

  test("rejects an unknown field: a misspelt setting must not fall back to its default silently", () => {
    assertBadField(
      edited((c) => (c.curves.novelty.windw = 8)),
      "curves.novelty.windw",
    );
    assertBadField(
      edited((c) => (c.repositories["7"].architecture.maxLines = 8)),
      "repositories.7.architecture.maxLines",
    );
  });
});

describe("scoringConfigHash", () => {
  test("ignores local checkout paths, which are not published", () => {
    const here = base();
    const there = edited((c) => (c.repositories["7"].path = "D:\\checkouts\\app")) as ScoringConfig;
    assert.equal(scoringConfigHash(here), scoringConfigHash(there));
    assert.doesNotMatch(JSON.stringify(publishedScoringConfig(here)), /srv/);
  });

  test("changes with anything published", () => {
    const hash = scoringConfigHash(base());
    assert.match(hash, /^0x[0-9a-f]{64}$/);
    for (const edit of [
      (c: LooseConfig) => {
        c.weights.lint = 1400;
        c.weights.docs = 1600;
      },
      (c: LooseConfig) => (c.curves.novelty.shingleTokens = 20),
      (c: LooseConfig) => (c.repositories["7"].url = "https://example.org/other.git"),
      (c: LooseConfig) => (c.repositories["7"].architecture.maxFileLines = 500),
      (c: LooseConfig) => (c.limits.maxFileBytes = 1_000_000),
    ]) {
      assert.notEqual(scoringConfigHash(edited(edit) as ScoringConfig), hash);
    }
  });

  test("reads a config written before limits were published, with the hash it had then", () => {
    const old = edited((c) => delete c.limits);
    const decoded = validateScoringConfig(old);
    assert.equal(decoded.limits, undefined);
    assert.equal(limitsOf(decoded), DEFAULT_LIMITS);
    assert.doesNotMatch(JSON.stringify(publishedScoringConfig(decoded)), /limits/);
    assertBadField(
      edited((c) => (c.limits.maxFileBytes = 0)),
      "limits.maxFileBytes",
    );
  });

  test("a v2 config without dependencies, prose and reviewKinds (written before them) hashes as it did then", () => {
    const before = createScoringConfig(
      {},
      { dependencies: undefined, prose: undefined, reviewKinds: undefined, firstIntroduction: undefined },
    );
    // The hash of createScoringConfig({}) before those fields were published.
    assert.equal(scoringConfigHash(before), "0x8992dff99880039fdfd914eea108d3f2b13c6b2dba92f0201c24fa4f1a2da7d7");
    assert.notEqual(scoringConfigHash(createScoringConfig({})), scoringConfigHash(before));
    // The dependency cache is this machine's, like a checkout's path: never hashed.
    const cached = validateScoringConfig({ ...createScoringConfig({}), dependencyCache: "/var/cache/ccn" });
    assert.equal(scoringConfigHash(cached), scoringConfigHash(createScoringConfig({})));
    assertBadField({ ...createScoringConfig({}), prose: { ...DEFAULT_PROSE, rules: ["passive"] } }, "prose.rules[0]");
    assertBadField(
      { ...createScoringConfig({}), prose: { ...DEFAULT_PROSE, versions: { unified: "^11.0.0" } } },
      "prose.versions.unified",
    );
    assertBadField({ ...createScoringConfig({}), reviewKinds: ["code"] }, "reviewKinds[0]");
  });

  test("a v2 config without firstIntroduction and maxPackageCodeBytes (written before them) hashes as it did then", () => {
    const before = createScoringConfig(
      {},
      {
        firstIntroduction: undefined,
        dependencies: { registry: DEFAULT_DEPENDENCIES.registry, maxTarballBytes: 1_048_576, maxPackages: 100 },
      },
    );
    // The hash of createScoringConfig({}) before those were published (and tarballs of over 1 MiB indexed).
    assert.equal(scoringConfigHash(before), "0x966373787868663075015522f24e902e76de4cce0240d001d10a6a4576f59f6a");
    assert.notEqual(scoringConfigHash(createScoringConfig({})), scoringConfigHash(before));
    assertBadField(
      { ...createScoringConfig({}), firstIntroduction: { maxParallelCommits: -1, maxParallelPatchBytes: 0 } },
      "firstIntroduction.maxParallelCommits",
    );
    assertBadField(
      { ...createScoringConfig({}), dependencies: { ...DEFAULT_DEPENDENCIES, maxPackageCodeBytes: 0 } },
      "dependencies.maxPackageCodeBytes",
    );
  });

  test("does not depend on key order", () => {
    const config = base();
    const reordered = {
      limits: config.limits,
      repositories: config.repositories,
      multiplier: config.multiplier,
      curves: config.curves,
      weights: config.weights,
      format: config.format,
    };
    assert.equal(scoringConfigHash(reordered as typeof config), scoringConfigHash(config));
  });
});
