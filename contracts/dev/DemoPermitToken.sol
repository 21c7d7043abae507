// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {DemoToken} from "./DemoToken.sol";

/// @title DemoPermitToken
/// @notice A `DemoToken` with EIP-2612 permit, so that local networks have a token paid in one transaction
/// (`RevenueRouter.payWithPermit`) beside one that needs an approval first. Never deployed to a public chain.
contract DemoPermitToken is DemoToken, ERC20Permit {
    /// @param name_ The token name, which is also its EIP-712 domain name (version "1").
    /// @param symbol_ The token symbol.
    /// @param decimals_ The token decimals.
    constructor(string memory name_, string memory symbol_, uint8 decimals_)
        DemoToken(name_, symbol_, decimals_)
        ERC20Permit(name_)
    {}

    /// @inheritdoc DemoToken
    // Both bases define `decimals`: the compiler makes us pick, and DemoToken's returns the configured value.
    function decimals() public view override(ERC20, DemoToken) returns (uint8) {
        return DemoToken.decimals();
    }
}
