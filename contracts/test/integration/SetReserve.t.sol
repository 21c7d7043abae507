// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.setReserve`: the admin moves where the operational reserve goes; later payments follow.
contract SetReserveTest is BaseTest {
    function testSetReserveSetsItEmitsItAndLaterReserveSharesGoThere() public {
        vm.expectEmit(address(router));
        emit IRevenueRouter.ReserveSet(bob);
        vm.prank(ADMIN);
        router.setReserve(bob);
        assertEq(router.reserve(), bob, "reserve");

        _pay(1, tokenA, 10_000);
        assertEq(tokenA.balanceOf(bob), 4_900, "the reserve share went to the new reserve");
        assertEq(tokenA.balanceOf(RESERVE), 0, "the old reserve got nothing");
    }

    function testSetReserveToTheZeroAddressShouldRevert() public {
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAddress.selector);
        vm.prank(ADMIN);
        router.setReserve(address(0));
    }

    function testSetReserveByAnyoneButTheAdminShouldRevert() public {
        vm.prank(stranger);
        _expectUnauthorized(stranger, bytes32(0));
        router.setReserve(stranger);
    }
}
