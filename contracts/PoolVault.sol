// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeTransferLib} from "solady/src/utils/SafeTransferLib.sol";

/// @title PoolVault
/// @notice Holds the contributor pool's funds that no finalised root has allocated yet. The payout distributor that
/// created it pulls a token's newly allocated amount when it finalises an epoch, so the distributor only ever holds
/// what finalised roots allocated and its token balance bounds every claim.
/// @dev Created by the distributor in its constructor, so the two addresses are bound without a setter or a
/// precomputed address. It has no other logic: what it holds is accounted for by the distributor.
contract PoolVault {
    address private immutable _DISTRIBUTOR;

    /// @notice The caller is not the distributor that created this vault.
    error PoolVaultUnauthorised(address caller);

    constructor() {
        _DISTRIBUTOR = msg.sender;
    }

    /// @notice Lets the distributor pull `token` from this vault. Only the distributor, when it allowlists a token.
    /// @param token The token.
    function approveDistributor(address token) external {
        if (msg.sender != _DISTRIBUTOR) revert PoolVaultUnauthorised(msg.sender);
        SafeTransferLib.safeApproveWithRetry(token, msg.sender, type(uint256).max);
    }

    /// @notice The distributor this vault serves.
    function distributor() external view returns (address) {
        return _DISTRIBUTOR;
    }
}
