// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.requestWithdrawal` and `completeWithdrawal`: a payer gets its escrow back only after the
/// governance-set delay, during which runners still redeem against all of it, the requested part included.
contract MeteringWithdrawTest is MeteringBaseTest {
    function setUp() public override {
        super.setUp();
        _deposit(payer, tokenA, 1_000);
    }

    function testAWithdrawalCompletesAfterTheDelay() public {
        uint256 readyAt = block.timestamp + WITHDRAWAL_DELAY;
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.WithdrawalRequested(payer, address(tokenA), 600, readyAt);
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 600);
        (uint256 balance, uint256 withdrawing, uint256 withdrawableAt) = escrow.escrowOf(payer, tokenA);
        assertEq(balance, 1_000, "still escrowed while it waits");
        assertEq(withdrawing, 600, "requested");
        assertEq(withdrawableAt, readyAt, "ready at");

        vm.warp(readyAt);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.Withdrawn(payer, address(tokenA), 600, 400);
        vm.prank(payer);
        escrow.completeWithdrawal(tokenA);
        assertEq(tokenA.balanceOf(payer), 600, "paid back");
        (balance, withdrawing, withdrawableAt) = escrow.escrowOf(payer, tokenA);
        assertEq(balance, 400, "the rest stays");
        assertEq(withdrawing + withdrawableAt, 0, "request cleared");
    }

    function testCompletingBeforeTheDelayShouldRevert() public {
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 600);
        uint256 readyAt = block.timestamp + WITHDRAWAL_DELAY;
        vm.warp(readyAt - 1);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowWithdrawalNotReady.selector, address(tokenA), readyAt
            )
        );
        escrow.completeWithdrawal(tokenA);
    }

    function testRedemptionsDrawOnAPendingWithdrawalAndItPaysWhatIsLeft() public {
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 1_000);
        // The runner redeems 800 + 80 during the delay: the payer owed it, and the delay is there for this.
        _redeem(_voucher(8, 800, 80, NOW_PERIOD, 1));
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        vm.prank(payer);
        escrow.completeWithdrawal(tokenA);
        assertEq(tokenA.balanceOf(payer), 120, "what the redemption left");
        assertEq(_balanceOf(payer, tokenA), 0, "nothing left");
    }

    function testANewRequestReplacesTheOldOneAndRestartsTheDelayAndZeroCancels() public {
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 100);
        vm.warp(block.timestamp + WITHDRAWAL_DELAY - 1);
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 200);
        (, uint256 withdrawing, uint256 withdrawableAt) = escrow.escrowOf(payer, tokenA);
        assertEq(withdrawing, 200, "replaced");
        assertEq(withdrawableAt, block.timestamp + WITHDRAWAL_DELAY, "restarted");
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.WithdrawalRequested(payer, address(tokenA), 0, 0);
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 0);
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowNoWithdrawalRequested.selector, address(tokenA))
        );
        escrow.completeWithdrawal(tokenA);
    }

    function testRequestingMoreThanTheEscrowShouldRevert() public {
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowWithdrawalExceedsBalance.selector, address(tokenA), 1_001, 1_000
            )
        );
        escrow.requestWithdrawal(tokenA, 1_001);
    }

    function testNobodyWithdrawsAnotherPayersEscrow() public {
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowWithdrawalExceedsBalance.selector, address(tokenA), 1_000, 0
            )
        );
        escrow.requestWithdrawal(tokenA, 1_000);
    }
}
