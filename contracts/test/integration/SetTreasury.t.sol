// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.setTreasury`: the admin moves where fees go; later payments follow.
contract SetTreasuryTest is BaseTest {
    function testSetTreasurySetsItEmitsItAndLaterFeesGoThere() public {
        vm.expectEmit(address(router));
        emit IRevenueRouter.TreasurySet(alice);
        vm.prank(ADMIN);
        router.setTreasury(alice);
        assertEq(router.treasury(), alice, "treasury");

        _pay(1, tokenA, 10_000);
        assertEq(tokenA.balanceOf(alice), 200, "the fee went to the new treasury");
        assertEq(tokenA.balanceOf(TREASURY), 0, "the old treasury got nothing");
    }

    function testSetTreasuryToTheZeroAddressShouldRevert() public {
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAddress.selector);
        vm.prank(ADMIN);
        router.setTreasury(address(0));
    }

    function testSetTreasuryByAnyoneButTheAdminShouldRevert() public {
        vm.prank(stranger);
        _expectUnauthorized(stranger, bytes32(0));
        router.setTreasury(stranger);
    }
}
