/**
 * The bundle manifest, `coherence.bundle.json` (format `coherence-bundle-v1`): what a composable is (kind, name,
 * version, licence, repository, the npm package it is published as), which files are its content (hashed into
 * the `contentHash` it is registered with: bundleContentHash.ts), the registered assets it was built from with
 * their edge weights, and, for a runnable composable, how to run it. Its owner writes it; `ccn bundle suggest`
 * proposes the parents and `ccn bundle hash` computes the content hash. Format: oracle/docs/bundles.md.
 */
import { ASSET_KINDS, BPS, MAX_PARENTS } from "../constants.ts";
import { describe } from "../hex.ts";
import {
  array,
  type DecodeContext,
  decimal,
  documented,
  fail,
  firstRepeat,
  type Infer,
  integer,
  literal,
  object,
  oneOf,
  optional,
  refine,
  type Schema,
  string,
  url,
} from "../schema.ts";
import { globProblem, relativePathProblem } from "./bundlePaths.ts";

export const BUNDLE_MANIFEST_FORMAT = "coherence-bundle-v1";
/** The manifest's file name, in the composable's root directory. */
export const BUNDLE_MANIFEST_FILE = "coherence.bundle.json";

/** An npm package name, as npm accepts new ones: lower case, an optional `@scope/`. */
export const NPM_PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** A Semantic Versioning 2.0 version (`1.4.0`, `2.0.0-rc.1+build.5`). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/** An SPDX licence identifier (`MIT`, `Apache-2.0`, `LicenseRef-acme`); expressions are not identifiers. */
const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/** `schema` with `problem(value)`'s answer, when it has one, as the field's error. */
function checked(schema: Schema<string>, problem: (value: string) => string | undefined): Schema<string> {
  return refine(schema, (value, fieldProblem) => {
    const why = problem(value);
    if (why !== undefined) fieldProblem([], `${JSON.stringify(value)} ${why}`);
  });
}

const relativePath = documented(
  checked(string(), relativePathProblem),
  "A path relative to the manifest's directory, with / separators and no . or .. segments.",
);
const glob = documented(
  checked(string(), globProblem),
  "A glob relative to the manifest's directory: * and ? within a segment, ** for any segments, {a,b}; a leading ! excludes.",
);

const pathsContentSchema = refine(
  object({
    files: optional(documented(array(relativePath, { min: 1 }), "Files hashed, each of which must exist.")),
    globs: optional(documented(array(glob, { min: 1 }), "Globs of files hashed; each must match a file.")),
  }),
  (content, problem) => {
    if (content.files === undefined && content.globs === undefined) {
      problem([], "declares no files: give files, globs, or a gitTree instead");
    }
  },
);
const gitTreeContentSchema = object({
  gitTree: documented(
    string({
      pattern: /^[^\s-][^\s]*$/,
      expected: "a git revision (a commit, tag or branch; no spaces, no leading -)",
    }),
    "A revision whose tree, below the manifest's directory, is the content.",
  ),
});
export type BundleContent = Infer<typeof pathsContentSchema> | Infer<typeof gitTreeContentSchema>;

/**
 * Files and globs, or a git tree: an object with `gitTree` is read as the latter, so an error speaks of the shape
 * the content says it has.
 */
const contentSchema: Schema<BundleContent> = {
  jsonSchema: {
    description: "What is hashed: files and/or globs relative to the manifest's directory, or a git tree.",
    oneOf: [
      { ...pathsContentSchema.jsonSchema, anyOf: [{ required: ["files"] }, { required: ["globs"] }] },
      gitTreeContentSchema.jsonSchema,
    ],
  },
  decode(value: unknown, context: DecodeContext) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      fail(context, `expected an object, got ${describe(value)}`);
    }
    return "gitTree" in value ? gitTreeContentSchema.decode(value, context) : pathsContentSchema.decode(value, context);
  },
  encode: (value) =>
    "gitTree" in value ? gitTreeContentSchema.encode(value) : pathsContentSchema.encode(value as never),
};

const assetId = documented(
  refine(decimal(), (id, problem) => {
    if (id === 0n) problem([], "is not an asset id: ids start at 1");
  }),
  "A registered asset's id, as a decimal string.",
);

export const bundleParentSchema = object({
  assetId,
  weightBps: documented(
    integer({ min: 1, max: BPS }),
    "The share of this composable's revenue the parent receives, in basis points.",
  ),
});
export type BundleParent = Infer<typeof bundleParentSchema>;

const parentsSchema = refine(array(bundleParentSchema, { max: MAX_PARENTS }), (parents, problem) => {
  const repeat = firstRepeat(parents, (p) => String(p.assetId));
  if (repeat !== undefined) problem([repeat, "assetId"], `asset ${parents[repeat]!.assetId} is listed twice`);
  const sum = parents.reduce((total, p) => total + p.weightBps, 0);
  if (sum > BPS) problem([], `weights add up to ${sum} bps, more than ${BPS} (100%)`);
});

export const bundleRunSchema = object({
  entry: documented(relativePath, "The module to load, one of the content's files."),
  export: documented(
    string({ pattern: /^[A-Za-z_$][A-Za-z0-9_$]*$/, expected: "a JavaScript identifier" }),
    "The exported function to call.",
  ),
  runtime: oneOf(["node"]),
});
export type BundleRun = Infer<typeof bundleRunSchema>;

/**
 * @example
 * parseJson(bundleManifestSchema, text, { source: "coherence.bundle.json" }).parents // [{ assetId: 3n, weightBps: 1500 }]
 */
export const bundleManifestSchema = object({
  $schema: optional(string()),
  format: literal(BUNDLE_MANIFEST_FORMAT),
  kind: oneOf(ASSET_KINDS),
  name: string({ minLength: 1 }),
  description: string({ minLength: 1 }),
  version: documented(
    string({ pattern: SEMVER, expected: "a semantic version such as 1.4.0" }),
    "Semantic Versioning.",
  ),
  licence: documented(
    string({ pattern: SPDX_ID, expected: "an SPDX licence identifier such as MIT or Apache-2.0" }),
    "An SPDX licence identifier.",
  ),
  repository: documented(url(), "Where the composable's source lives; parents are matched to dependencies by it."),
  package: optional(
    documented(
      string({ pattern: NPM_PACKAGE_NAME, expected: "an npm package name such as left-pad or @scope/name" }),
      "The npm package it is published as; parents are matched to dependencies by it.",
    ),
  ),
  content: contentSchema,
  parents: documented(
    parentsSchema,
    `Registered assets it was built from: at most ${MAX_PARENTS}, summing to 100% or less.`,
  ),
  run: optional(documented(bundleRunSchema, "For a runnable composable: how a metering gateway calls it.")),
});
export type BundleManifest = Infer<typeof bundleManifestSchema>;
