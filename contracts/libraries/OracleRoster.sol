// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

/// @title OracleRoster
/// @notice The distributor's oracles, kept as the code of a data contract (SSTORE2) at a CREATE3 address derived
/// from a version number. A proposal reads them all with one cold `EXTCODECOPY` (2,600 gas plus copying) where a
/// mapping costs a cold `SLOAD` per signer (2,100 each, 6,300 for a 3-of-5 quorum); a change writes a new roster
/// under the next version, and the old one is never read again.
/// @dev A roster is the oracles' 20-byte addresses, strictly ascending; its length lives with the version in the
/// distributor's state slot, so reading needs no `EXTCODESIZE`.
library OracleRoster {
    uint256 private constant _ADDRESS_BYTES = 20;
    uint256 private constant _ADDRESS_SHIFT = 96;
    /// @dev SSTORE2 prefixes the data with a STOP opcode, so the data contract can never run.
    uint256 private constant _DATA_OFFSET = 1;

    /// @notice The address the roster of `version` lives at (whether written yet or not).
    function pointer(uint16 version) internal view returns (address) {
        return SSTORE2.predictDeterministicAddress(bytes32(uint256(version)));
    }

    /// @notice Reads the `count` oracles of the roster of `version`.
    function read(uint16 version, uint256 count) internal view returns (bytes memory roster) {
        address data = pointer(version);
        assembly ("memory-safe") {
            roster := mload(0x40)
            let size := mul(count, _ADDRESS_BYTES)
            mstore(roster, size)
            extcodecopy(data, add(roster, 0x20), _DATA_OFFSET, size)
            // Allocate the length word and the addresses, rounded up to whole words.
            mstore(0x40, add(add(roster, 0x20), and(add(size, 31), not(31))))
        }
    }

    /// @notice Writes `oracles`, strictly ascending, as the roster of `version`.
    function write(uint16 version, address[] memory oracles) internal {
        // `abi.encodePacked` pads array elements to words, so the addresses are packed one by one: quadratic
        // copying, on the rare governed path only.
        bytes memory roster;
        for (uint256 i; i < oracles.length; ++i) {
            roster = abi.encodePacked(roster, oracles[i]);
        }
        SSTORE2.writeDeterministic(roster, bytes32(uint256(version)));
    }

    /// @notice The `index`-th oracle in ascending order; `index` must be below the count.
    function at(bytes memory roster, uint256 index) internal pure returns (address oracle) {
        assembly ("memory-safe") {
            oracle := shr(_ADDRESS_SHIFT, mload(add(add(roster, 0x20), mul(index, _ADDRESS_BYTES))))
        }
    }

    /// @notice The oracles as an array, ascending.
    function oracles(bytes memory roster) internal pure returns (address[] memory list) {
        uint256 n = roster.length / _ADDRESS_BYTES;
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = at(roster, i);
        }
    }

    /// @notice Whether `account` is on the roster, and where it is or would go.
    function find(bytes memory roster, address account) internal pure returns (bool found, uint256 index) {
        uint256 n = roster.length / _ADDRESS_BYTES;
        for (; index < n; ++index) {
            address oracle = at(roster, index);
            if (oracle >= account) return (oracle == account, index);
        }
    }
}
