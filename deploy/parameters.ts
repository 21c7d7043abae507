/**
 * Per-network deployment parameters (`deploy/parameters/<network>.json`), validated before anything is sent:
 * a zero or malformed address, a threshold above the oracle count or a fee above its cap stops the deploy with
 * a message naming the field.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import type { Address, DeploymentParameters } from "./deployment.ts";

export type NetworkParameters = Omit<DeploymentParameters, "admin"> & {
  /** Who receives the admin role by two-step transfer after deployment; the deployer when absent. */
  finalAdmin?: Address;
};

/** A parameter file that cannot be used to deploy. */
export class DeployParametersError extends Error {
  override name = "DeployParametersError";
}

const PARAMETERS_DIR = path.resolve(import.meta.dirname, "parameters");
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO = /^0x0{40}$/;
const MAX_FEE_BPS = 1_000;
const MIN_CHALLENGE_PERIOD = 600;
const MAX_CHALLENGE_PERIOD = 30 * 24 * 3600;

/** Reads and validates `deploy/parameters/<network>.json`. */
export async function readNetworkParameters(network: string, dir = PARAMETERS_DIR): Promise<NetworkParameters> {
  const file = path.join(dir, `${network}.json`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new DeployParametersError(`${file}: cannot be read as JSON (${(cause as Error).message})`);
  }
  return validateNetworkParameters(value, file);
}

/** Validates deployment parameters, naming the first bad field. */
export function validateNetworkParameters(value: unknown, source = "parameters"): NetworkParameters {
  const fail = (field: string, problem: string): never => {
    throw new DeployParametersError(`${source}: "${field}" ${problem}`);
  };
  if (typeof value !== "object" || value === null) return fail("(root)", "must be an object");
  const p = value as Record<string, unknown>;
  const address = (field: string): Address => {
    const v = p[field];
    if (typeof v !== "string" || !ADDRESS.test(v)) return fail(field, "must be a 0x-prefixed 20-byte address");
    if (ZERO.test(v)) return fail(field, "is the zero address: set it before deploying");
    return v as Address;
  };
  const addresses = (field: string, min: number): Address[] => {
    const v = p[field];
    if (!Array.isArray(v) || v.length < min) return fail(field, `must list at least ${min} address(es)`);
    const seen = new Set<string>();
    return v.map((a, i) => {
      if (typeof a !== "string" || !ADDRESS.test(a) || ZERO.test(a)) return fail(`${field}[${i}]`, "must be a non-zero address");
      if (seen.has(a.toLowerCase())) return fail(`${field}[${i}]`, "is listed twice");
      seen.add(a.toLowerCase());
      return a as Address;
    });
  };
  const integer = (field: string, min: number, max: number): number => {
    const v = p[field];
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) {
      return fail(field, `must be an integer from ${min} to ${max}`);
    }
    return v as number;
  };

  const oracles = addresses("oracles", 1);
  const parameters: NetworkParameters = {
    adminDelay: integer("adminDelay", 0, 2 ** 48 - 1),
    guardian: address("guardian"),
    oracles,
    threshold: integer("threshold", 1, oracles.length),
    challengePeriod: integer("challengePeriod", MIN_CHALLENGE_PERIOD, MAX_CHALLENGE_PERIOD),
    attesters: addresses("attesters", 1),
    treasury: address("treasury"),
    reserve: address("reserve"),
    feeBps: integer("feeBps", 0, MAX_FEE_BPS),
    poolBps: integer("poolBps", 0, 10_000),
  };
  if (p.finalAdmin !== undefined) parameters.finalAdmin = address("finalAdmin");
  return parameters;
}
