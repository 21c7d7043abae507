// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice A test ERC-20 that burns 1% of every transfer, so the recipient receives less than was sent. Used to
/// check that the revenue router rejects tokens whose balance deltas differ from the amounts paid. Senders can be
/// exempted, to model a token that charges only some transfers (e.g. only the router's outgoing ones).
contract FeeOnTransferToken is ERC20 {
    /// @notice The share of each transfer that is burnt, in basis points.
    uint256 public constant FEE_BPS = 100;

    /// @notice Senders whose transfers are not charged.
    mapping(address sender => bool) public feeExempt;

    constructor() ERC20("Fee On Transfer", "FOT") {}

    /// @notice Mints `amount` to `to` (no fee on minting).
    /// @param to The recipient.
    /// @param amount The amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Exempts `sender`'s transfers from the fee.
    /// @param sender The sender.
    function exempt(address sender) external {
        feeExempt[sender] = true;
    }

    /// @dev Burns the fee from the sender before moving the rest; mints and burns are untouched.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0) || feeExempt[from]) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = value * FEE_BPS / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
