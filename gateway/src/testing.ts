export {
  accountOf,
  FREE_CALLS,
  type GatewayWorld,
  HOSTING_FEE_BPS,
  PRICE,
  startGatewayWorld,
  WORLD_ACCOUNTS,
} from "./testing/gatewayWorld.ts";
