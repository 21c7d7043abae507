import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak256, stringToHex, zeroHash } from "viem";
import { ROLE_NAMES, roleNameOf } from "./roles.ts";

describe("roleNameOf", () => {
  test("names each protocol role by its id, the admin role by the zero word, any other id by itself", () => {
    for (const name of ROLE_NAMES.filter((n) => n !== "DEFAULT_ADMIN_ROLE"))
      assert.equal(roleNameOf(keccak256(stringToHex(name))), name);
    assert.equal(roleNameOf(zeroHash), "DEFAULT_ADMIN_ROLE");
    const other = keccak256(stringToHex("MINTER_ROLE"));
    assert.equal(roleNameOf(other.toUpperCase().replace("0X", "0x") as `0x${string}`), other);
  });
});
