// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SilentRegistry
/// @notice A contract at the ledger's registry address that answers every call, `assetCount()` included, with
/// success and no data: what a wrong address (a contract that is not an asset registry) looks like.
contract SilentRegistry {
    fallback() external {}
}

/// @title ShortRegistry
/// @notice Answers every call with 31 bytes, one short of the word `assetCount()` returns.
contract ShortRegistry {
    fallback() external {
        assembly ("memory-safe") {
            mstore(0x00, not(0)) // A word of ones, of which 31 bytes are returned.
            return(0x00, 0x1f)
        }
    }
}

/// @title RevertingRegistry
/// @notice An asset registry whose `assetCount()` reverts with a custom error, which the ledger bubbles up.
contract RevertingRegistry {
    /// @notice What `assetCount()` reverts with.
    error RegistryUnavailable(uint256 code);

    /// @notice Always reverts with `RegistryUnavailable(7)`.
    function assetCount() external pure returns (uint256) {
        revert RegistryUnavailable(7);
    }
}
