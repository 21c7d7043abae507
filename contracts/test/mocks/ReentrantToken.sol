// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";

/// @title ReentrantToken
/// @notice A test ERC-20 that, once armed, calls back into the revenue router's `pay` from inside a transfer, to
/// check that the router's reentrancy guard holds.
contract ReentrantToken is ERC20 {
    IRevenueRouter private _router;
    uint256 private _assetId;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Mints `amount` to `to`.
    /// @param to The recipient.
    /// @param amount The amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes the next transfer re-enter `router.pay(assetId, this, 1)`.
    /// @param router The router to re-enter.
    /// @param assetId The asset to pay in the re-entrant call.
    function arm(IRevenueRouter router, uint256 assetId) external {
        _router = router;
        _assetId = assetId;
    }

    /// @dev Re-enters the router once per armed transfer, before moving the tokens.
    function _update(address from, address to, uint256 value) internal override {
        IRevenueRouter router = _router;
        if (address(router) != address(0)) {
            _router = IRevenueRouter(address(0));
            router.pay(_assetId, IERC20(address(this)), 1);
        }
        super._update(from, to, value);
    }
}
