import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyzeSolidity, precededByNatSpec } from "./analyzeSolidity.ts";

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.29;

import {Other} from "./Other.sol";

/// @notice A counter.
contract Counter {
    /// @notice Emitted on change.
    event Changed(uint256 value);
    error CounterTooBig(uint256 value);
    uint256 public count;
    uint256 private _hidden;

    /**
     * @notice Adds one unless too big.
     */
    function increment(uint256 max) external {
        if (count >= max || max == 0) revert CounterTooBig(count);
        for (uint256 i = 0; i < 1; i++) {
            count = count > 10 ? count : count + 1;
        }
        emit Changed(count);
    }

    function _internal() internal {}

    modifier onlySmall() {
        require(count < 100);
        _;
    }
}
`;

describe("analyzeSolidity", () => {
  test("finds functions and modifiers with their cyclomatic complexity", () => {
    const { functions } = analyzeSolidity(SOURCE);
    assert.deepEqual(
      functions.map((fn) => [fn.name, fn.startLine, fn.endLine, fn.complexity]),
      [
        ["Counter.increment", 17, 23, 1 + 1 + 1 + 1 + 1],
        ["Counter._internal", 25, 25, 1],
        ["Counter.onlySmall", 27, 30, 1],
      ],
    );
  });

  test("finds the public API and whether NatSpec documents it", () => {
    const { publicSymbols } = analyzeSolidity(SOURCE);
    assert.deepEqual(
      publicSymbols.map((s) => [s.name, s.documented]),
      [
        ["Counter", true],
        ["Counter.Changed", true],
        ["Counter.CounterTooBig", false],
        ["Counter.count", false],
        ["Counter.increment", true],
      ],
    );
  });

  test("finds imports", () => {
    assert.deepEqual(analyzeSolidity(SOURCE).imports, [{ specifier: "./Other.sol", line: 4 }]);
  });

  test("returns nothing for a file that does not parse", () => {
    assert.deepEqual(analyzeSolidity("contract { ("), { functions: [], publicSymbols: [], imports: [] });
  });

  test("precededByNatSpec accepts /// and /** */ but not // or /* */", () => {
    assert.equal(precededByNatSpec("/// doc\n  x", 10), true);
    assert.equal(precededByNatSpec("/** doc */\nx", 11), true);
    assert.equal(precededByNatSpec("// doc\nx", 7), false);
    assert.equal(precededByNatSpec("/* doc */\nx", 10), false);
    assert.equal(precededByNatSpec("x", 0), false);
  });
});
