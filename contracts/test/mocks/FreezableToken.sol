// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FreezableToken
/// @notice A test ERC-20 whose issuer can freeze an account's outgoing transfers, as USDC's blacklist does. Used to
/// check that a token frozen in the pool vault cannot leave a proposal pending for ever.
contract FreezableToken is ERC20 {
    /// @notice Accounts that can no longer send.
    mapping(address account => bool) public frozen;

    /// @notice The sender is frozen.
    error FreezableTokenFrozen(address account);

    constructor() ERC20("Freezable", "FRZ") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Freezes or unfreezes `account`'s outgoing transfers.
    function setFrozen(address account, bool isFrozen) external {
        frozen[account] = isFrozen;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (frozen[from]) revert FreezableTokenFrozen(from);
        super._update(from, to, value);
    }
}
