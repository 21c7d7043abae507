// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SilentRegistry
/// @notice A contract at the ledger's registry address that answers every call, `attesterStatus` included, with
/// success and no data: what a wrong address (a contract that is not an asset registry) looks like.
contract SilentRegistry {
    fallback() external {}
}

/// @title ShortRegistry
/// @notice Answers every call with 31 bytes, one short of the word `attesterStatus` returns.
contract ShortRegistry {
    fallback() external {
        assembly ("memory-safe") {
            mstore(0x00, not(0)) // A word of ones, of which 31 bytes are returned.
            return(0x00, 0x1f)
        }
    }
}

/// @title WordRegistry
/// @notice Answers every call with a whole word that is no `AttesterStatus` (3): a contract with a permissive fallback
/// whose answer, read as a status, would otherwise decide who may attest.
contract WordRegistry {
    fallback() external {
        assembly ("memory-safe") {
            mstore(0x00, 3)
            return(0x00, 0x20)
        }
    }
}

/// @title RevertingRegistry
/// @notice An asset registry whose `attesterStatus` reverts with a custom error, which the ledger bubbles up.
contract RevertingRegistry {
    /// @notice What `attesterStatus` reverts with.
    error RegistryUnavailable(uint256 code);

    /// @notice Always reverts with `RegistryUnavailable(7)`.
    function attesterStatus(uint256, address) external pure returns (uint8) {
        revert RegistryUnavailable(7);
    }
}
