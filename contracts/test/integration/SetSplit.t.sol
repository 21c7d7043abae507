// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.setSplit`: the admin sets a fee up to `MAX_FEE_BPS` and a pool share up to 10,000 bps.
contract SetSplitTest is BaseTest {
    function testSetSplitWithinTheBoundsSetsAndEmitsIt() public {
        vm.expectEmit(address(router));
        emit IRevenueRouter.SplitSet(1_000, 10_000);
        vm.prank(ADMIN);
        router.setSplit(1_000, 10_000);
        assertEq(router.feeBps(), 1_000, "fee");
        assertEq(router.poolBps(), 10_000, "pool share");

        vm.expectEmit(address(router));
        emit IRevenueRouter.SplitSet(0, 0);
        vm.prank(ADMIN);
        router.setSplit(0, 0);
        assertEq(router.feeBps(), 0, "no fee");
        assertEq(router.poolBps(), 0, "no pool share");
    }

    function testFuzz_SetSplitOutOfBoundsShouldRevert(uint16 feeBps, uint16 poolBps) public {
        uint16 maxFee = router.MAX_FEE_BPS();
        vm.assume(feeBps > maxFee || poolBps > BPS);
        if (feeBps > maxFee) {
            vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterFeeTooHigh.selector, feeBps, maxFee));
        } else {
            vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterPoolShareTooHigh.selector, poolBps));
        }
        vm.prank(ADMIN);
        router.setSplit(feeBps, poolBps);
    }

    function testSetSplitWithAFeeJustAboveTheCapShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterFeeTooHigh.selector, 1_001, 1_000));
        vm.prank(ADMIN);
        router.setSplit(1_001, 5_000);
    }

    function testSetSplitWithAPoolShareJustAboveTheWholeShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterPoolShareTooHigh.selector, 10_001));
        vm.prank(ADMIN);
        router.setSplit(200, 10_001);
    }

    function testFuzz_SetSplitByAnyoneButTheAdminShouldRevert(address caller, uint16 feeBps, uint16 poolBps) public {
        vm.assume(caller != ADMIN);
        vm.prank(caller);
        _expectUnauthorized(caller, bytes32(0));
        router.setSplit(feeBps, poolBps);
    }
}
