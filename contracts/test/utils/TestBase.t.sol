// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title TestBase
/// @notice The few helpers every Solidity test shares, the handler included: the cheatcode handle, assertions
/// that print both sides, and `bound`. The protocol's shared setup is `BaseTest`. A `.t.sol` file so that
/// coverage, which skips test sources, does not report it.
abstract contract TestBase {
    /// @notice An assertion failed; `message` says what was compared and both values.
    error TestAssertionFailed(string message);

    // `vm` is the name every Solidity test suite uses for the cheatcodes.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(VM_ADDRESS);

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert TestAssertionFailed(what);
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert TestAssertionFailed(what);
    }

    function assertEq(bool left, bool right, string memory what) internal pure {
        if (left != right) {
            revert TestAssertionFailed(_describe(what, left ? "true" : "false", " != ", right ? "true" : "false"));
        }
    }

    function assertEq(string memory left, string memory right, string memory what) internal pure {
        if (keccak256(bytes(left)) != keccak256(bytes(right))) {
            revert TestAssertionFailed(_describe(what, left, " != ", right));
        }
    }

    function assertEq(bytes memory left, bytes memory right, string memory what) internal pure {
        if (keccak256(left) != keccak256(right)) {
            revert TestAssertionFailed(_describe(what, Strings.toHexString(left), " != ", Strings.toHexString(right)));
        }
    }

    function assertEq(uint256 left, uint256 right, string memory what) internal pure {
        if (left != right) {
            revert TestAssertionFailed(_describe(what, Strings.toString(left), " != ", Strings.toString(right)));
        }
    }

    function assertEq(address left, address right, string memory what) internal pure {
        if (left != right) {
            revert TestAssertionFailed(_describe(what, Strings.toHexString(left), " != ", Strings.toHexString(right)));
        }
    }

    function assertEq(bytes32 left, bytes32 right, string memory what) internal pure {
        if (left != right) {
            revert TestAssertionFailed(
                _describe(what, Strings.toHexString(uint256(left), 32), " != ", Strings.toHexString(uint256(right), 32))
            );
        }
    }

    function assertLe(uint256 left, uint256 right, string memory what) internal pure {
        if (left > right) {
            revert TestAssertionFailed(_describe(what, Strings.toString(left), " > ", Strings.toString(right)));
        }
    }

    /// @dev Maps any `x` into `[min, max]`: values already inside stay as they are (so the fuzzer's edge cases
    /// survive), small and huge values land on the bounds' edges, the rest wrap around.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        assertLe(min, max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min; // One less than the range's size, so a full uint256 range cannot overflow.
        if (x <= 3 && x <= size) return min + x;
        if (x >= type(uint256).max - 3 && type(uint256).max - x <= size) return max - (type(uint256).max - x);
        return min + x % (size + 1);
    }

    function _describe(string memory what, string memory left, string memory op, string memory right)
        private
        pure
        returns (string memory)
    {
        return string.concat(what, ": ", left, op, right);
    }
}
