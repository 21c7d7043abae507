/**
 * A machine's profile, `coherence-machine-profile-v1`: what an hour of it costs, from its average power draw and
 * the price of electricity, plus its purchase price spread evenly over its useful lifetime (depreciation).
 */
import { type Infer, integer, literal, object, string } from "../schema.ts";
import { microUsdSchema } from "./microUsd.ts";

export const MACHINE_PROFILE_FORMAT = "coherence-machine-profile-v1";

/**
 * @example
 * parse(machineProfileSchema, { electricityMicroUsdPerKwh: "345000", format: "coherence-machine-profile-v1",
 *   lifetimeHours: 5000, name: "laptop", purchaseMicroUsd: "3999000000", watts: 35 });
 */
export const machineProfileSchema = object(
  {
    electricityMicroUsdPerKwh: microUsdSchema,
    format: literal(MACHINE_PROFILE_FORMAT),
    /** Hours of use the purchase price is spread over. */
    lifetimeHours: integer({ min: 1 }),
    name: string({ minLength: 1 }),
    purchaseMicroUsd: microUsdSchema,
    /** Average power draw while working. */
    watts: integer(),
  },
  { sorted: true },
);
export type MachineProfile = Infer<typeof machineProfileSchema>;
