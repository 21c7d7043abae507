/**
 * Every `ccn` command, in the order `ccn --help` lists them. Each is one module under `commands/` (its parameters,
 * `run` and `output`).
 */
import { type Command, command } from "./command.ts";
import * as assetRegister from "./commands/assetRegister.ts";
import * as assetSetUri from "./commands/assetSetUri.ts";
import * as assetShow from "./commands/assetShow.ts";
import * as attest from "./commands/attest.ts";
import * as audit from "./commands/audit.ts";
import * as authorshipClaim from "./commands/authorshipClaim.ts";
import * as authorshipSign from "./commands/authorshipSign.ts";
import * as bundleHash from "./commands/bundleHash.ts";
import * as bundleInit from "./commands/bundleInit.ts";
import * as bundleSuggest from "./commands/bundleSuggest.ts";
import * as costBuild from "./commands/costBuild.ts";
import * as costPublish from "./commands/costPublish.ts";
import * as costVerify from "./commands/costVerify.ts";
import * as dependenciesIndex from "./commands/dependenciesIndex.ts";
import * as epochDispute from "./commands/epochDispute.ts";
import * as epochFinalise from "./commands/epochFinalise.ts";
import * as epochPrepare from "./commands/epochPrepare.ts";
import * as epochResolve from "./commands/epochResolve.ts";
import * as epochRevoke from "./commands/epochRevoke.ts";
import * as epochSign from "./commands/epochSign.ts";
import * as epochSubmit from "./commands/epochSubmit.ts";
import * as pay from "./commands/pay.ts";
import * as publishCar from "./commands/publishCar.ts";
import * as revoke from "./commands/revoke.ts";
import * as scenarioApply from "./commands/scenarioApply.ts";
import * as score from "./commands/score.ts";
import * as sliceCut from "./commands/sliceCut.ts";
import * as sliceVerify from "./commands/sliceVerify.ts";
import * as usageReplay from "./commands/usageReplay.ts";
import * as usageReport from "./commands/usageReport.ts";
import * as verify from "./commands/verify.ts";

export const COMMANDS: readonly Command[] = [
  command(scenarioApply),
  command(epochPrepare),
  command(epochSign),
  command(epochSubmit),
  command(epochFinalise),
  command(epochDispute),
  command(epochResolve),
  command(epochRevoke),
  command(audit),
  command(score),
  command(dependenciesIndex),
  command(authorshipSign),
  command(authorshipClaim),
  command(verify),
  command(sliceCut),
  command(sliceVerify),
  command(publishCar),
  command(costBuild),
  command(costPublish),
  command(costVerify),
  command(assetRegister),
  command(assetShow),
  command(assetSetUri),
  command(pay),
  command(usageReplay),
  command(usageReport),
  command(attest),
  command(revoke),
  command(bundleInit),
  command(bundleHash),
  command(bundleSuggest),
];
