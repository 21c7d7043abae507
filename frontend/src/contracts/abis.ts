/**
 * Contract ABIs from the Hardhat build artifacts, typed by the declarations Hardhat writes beside them.
 * Named imports of `abi` only, so the bytecode in the same files never reaches the bundle.
 */
import type { PayoutDistributor$Type } from "../../../artifacts/contracts/PayoutDistributor.sol/artifacts.d.ts";
import { abi as payoutDistributor } from "../../../artifacts/contracts/PayoutDistributor.sol/PayoutDistributor.json";

export const payoutDistributorAbi = payoutDistributor as unknown as PayoutDistributor$Type["abi"];
