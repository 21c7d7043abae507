// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.t.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.dispute` and `resolveDispute`: anyone disputes an anchored record with a bond; while it is
/// open the runner redeems no voucher of the disputed period or later (they include its use); guardians or governance
/// uphold (bond back, the runner barred from that period on, so the payer's escrow for that use stays unspent), only
/// governance rejects (bond to the treasury, the freeze lifts).
contract MeteringDisputeTest is MeteringBaseTest {
    uint64 private constant _DISPUTED = NOW_PERIOD - 2;
    bytes32[] private _tree;

    function setUp() public override {
        super.setUp();
        _deposit(payer, tokenA, 10_000);
        _tree = _anchor(_DISPUTED, 4);
    }

    function testADisputeFreezesTheDisputedPeriodAndLaterButNotEarlier() public {
        bytes32 leaf = _recordLeaf(_record(1));
        tokenB.mint(disputer, BOND);
        vm.startPrank(disputer);
        tokenB.approve(address(escrow), BOND);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.RecordDisputed(
            1, runner, _DISPUTED, disputer, leaf, address(tokenB), BOND, "ipfs://replay"
        );
        uint256 id = escrow.dispute(runner, _DISPUTED, _record(1), MerkleBuilder.proof(_tree, 1), "ipfs://replay");
        vm.stopPrank();
        assertEq(id, 1, "first dispute");
        assertEq(tokenB.balanceOf(address(escrow)), BOND, "bond held");
        IMeteringEscrow.Dispute memory held = escrow.disputeOf(id);
        assertEq(held.disputer, disputer, "disputer");
        assertEq(held.runner, runner, "runner");
        assertTrue(held.open, "open");

        // An earlier period's voucher covers no disputed use: it pays.
        _redeem(_voucher(1, 100, 10, _DISPUTED - 1, 1));
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowPeriodFrozen.selector, runner, _DISPUTED, _DISPUTED)
        );
        _redeem(_voucher(2, 200, 20, _DISPUTED, 2));
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowPeriodFrozen.selector, runner, NOW_PERIOD, _DISPUTED)
        );
        _redeem(_voucher(3, 300, 30, NOW_PERIOD, 2));
        assertEq(_balanceOf(payer, tokenA), 10_000 - 110, "a frozen period never pays");
    }

    function testAGuardianUpholdsTheBondGoesBackAndTheRunnerIsBarredFromThatPeriodOn() public {
        uint256 id = _dispute(_DISPUTED, _tree, 2);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.DisputeResolved(id, runner, _DISPUTED, GUARDIAN, true, "output differs on replay");
        vm.prank(GUARDIAN);
        escrow.resolveDispute(id, true, "output differs on replay");
        assertEq(tokenB.balanceOf(disputer), BOND, "bond back");
        assertFalse(escrow.disputeOf(id).open, "closed");
        IMeteringEscrow.RunnerStatus memory status = escrow.runnerStatus(runner);
        assertTrue(status.barred, "barred");
        assertEq(status.barredFrom, _DISPUTED, "from the disputed period");
        assertEq(status.openDisputes, 0, "none open");

        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowRunnerBarred.selector, runner, NOW_PERIOD, _DISPUTED)
        );
        _redeem(_voucher(3, 300, 30, NOW_PERIOD, 1));
        _redeem(_voucher(1, 100, 10, _DISPUTED - 1, 1));
        assertEq(_balanceOf(payer, tokenA), 10_000 - 110, "only the use before the disputed period was paid");
        vm.prank(payer);
        escrow.requestWithdrawal(tokenA, 10_000 - 110);
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        vm.prank(payer);
        escrow.completeWithdrawal(tokenA);
        assertEq(tokenA.balanceOf(payer), 10_000 - 110, "the payer takes the unspent escrow back");
    }

    function testGovernanceRejectsTheBondGoesToTheTreasuryAndTheFreezeLifts() public {
        uint256 id = _dispute(_DISPUTED, _tree, 0);
        vm.prank(ADMIN);
        escrow.resolveDispute(id, false, "replayed: same output");
        assertEq(tokenB.balanceOf(TREASURY), BOND, "bond forfeited");
        assertEq(tokenB.balanceOf(address(escrow)), 0, "nothing held");
        assertFalse(escrow.runnerStatus(runner).barred, "not barred");
        _redeem(_voucher(3, 300, 30, NOW_PERIOD, 1));
        assertEq(_balanceOf(payer, tokenA), 10_000 - 330, "redeemed after the rejection");
    }

    function testTheFreezeCoversTheEarliestOpenDisputeAndLiftsWithTheLast() public {
        bytes32[] memory later = _anchor(NOW_PERIOD, 2);
        uint256 first = _dispute(NOW_PERIOD, later, 1);
        uint256 second = _dispute(_DISPUTED, _tree, 3);
        assertEq(escrow.runnerStatus(runner).frozenFrom, _DISPUTED, "the earliest");
        vm.prank(ADMIN);
        escrow.resolveDispute(second, false, "right");
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowPeriodFrozen.selector, runner, _DISPUTED, _DISPUTED
            )
        );
        _redeem(_voucher(1, 100, 10, _DISPUTED, 1));
        vm.prank(ADMIN);
        escrow.resolveDispute(first, false, "right too");
        _redeem(_voucher(1, 100, 10, NOW_PERIOD, 1));
    }

    function testDisputingARecordThatWasNotAnchoredShouldRevert() public {
        tokenB.mint(disputer, BOND);
        vm.startPrank(disputer);
        tokenB.approve(address(escrow), BOND);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowNotAnchored.selector, runner, NOW_PERIOD)
        );
        escrow.dispute(runner, NOW_PERIOD, _record(0), MerkleBuilder.proof(_tree, 0), "no anchor");
        IMeteringEscrow.RecordOfRun memory invented = _record(9);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowRecordNotAnchored.selector, runner, _DISPUTED, _recordLeaf(invented)
            )
        );
        escrow.dispute(runner, _DISPUTED, invented, MerkleBuilder.proof(_tree, 0), "not in the tree");
        vm.stopPrank();
        assertEq(tokenB.balanceOf(disputer), BOND, "no bond taken");
    }

    function testDisputingWithoutTermsShouldRevert() public {
        vm.prank(ADMIN);
        escrow.setDisputeTerms(IMeteringEscrow.DisputeTerms(address(0), 0, address(0)));
        bytes32[] memory proof = MerkleBuilder.proof(_tree, 0);
        IMeteringEscrow.RecordOfRun memory record = _record(0);
        vm.prank(disputer);
        vm.expectRevert(IMeteringEscrow.MeteringEscrowDisputesDisabled.selector);
        escrow.dispute(runner, _DISPUTED, record, proof, "");
    }

    function testOnlyGovernanceRejectsAndOnlyGuardiansOrGovernanceUphold() public {
        uint256 id = _dispute(_DISPUTED, _tree, 0);
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowOnlyGovernanceRejects.selector, GUARDIAN)
        );
        escrow.resolveDispute(id, false, "a guardian may not let a runner through");
        bytes32 guardianRole = escrow.GUARDIAN_ROLE();
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, guardianRole)
        );
        escrow.resolveDispute(id, true, "");
        vm.prank(ADMIN);
        escrow.resolveDispute(id, true, "governance upholds too");
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowNoOpenDispute.selector, id));
        escrow.resolveDispute(id, true, "twice");
    }
}
