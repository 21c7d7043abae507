// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.pause` and `unpause`: the guardian stops every claim path, the admin resumes them;
/// epochs go on meanwhile and the latest finalised root is the one claims use after.
contract PauseTest is BaseTest {
    function testPauseByTheGuardianStopsEveryClaimAndKeepsTheFinalisedRoot() public {
        _finaliseEpoch1();
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.PausedSet(true);
        vm.prank(GUARDIAN);
        distributor.pause();
        assertTrue(distributor.paused(), "paused");
        assertEq(distributor.root(), bytes32(0), "no active root");
        assertEq(distributor.finalisedRoot(), tree[0], "the finalised root is kept");

        bytes32[] memory proofA = _proofOf(alice, tokens[0], 1_000);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        distributor.claim(alice, tokens[0], 1_000, proofA);

        address[] memory list = new address[](2);
        (list[0], list[1]) = (tokens[0], tokens[1]);
        uint256[] memory amounts = _totals(1_000, 300);
        bytes32[][] memory proofs = new bytes32[][](2);
        (proofs[0], proofs[1]) = (proofA, _proofOf(alice, tokens[1], 300));
        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        distributor.claimBatch(alice, list, amounts, proofs);

        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        distributor.claimWithSig(alice, tokens[0], 1_000, proofA, carol, deadline, signature);
    }

    function testFuzz_ClaimWhilePausedShouldRevertAndSucceedAfterUnpause(
        uint256[LEAVES] memory amounts,
        uint256 leafSeed
    ) public {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);
        bytes32[] memory proof = _proof(index);
        vm.prank(GUARDIAN);
        distributor.pause();

        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        distributor.claim(account, token, amount, proof);

        vm.prank(ADMIN);
        distributor.unpause();
        assertEq(distributor.claim(account, token, amount, proof), amount, "paid after unpause");
    }

    function testFuzz_RootFinalisedWhilePausedIsTheOneUsedAfterUnpause(uint256[LEAVES] memory amounts, uint256 leafSeed)
        public
    {
        amounts = _boundAmounts(amounts);
        uint256 index = leafSeed % LEAVES;
        _finaliseGrid(amounts);
        bytes32 oldRoot = tree[0];
        vm.prank(GUARDIAN);
        distributor.pause();
        ++amounts[index];
        _finaliseGrid(amounts);
        assertTrue(distributor.paused(), "finalising does not unpause");
        assertEq(distributor.root(), bytes32(0), "no active root while paused");
        assertEq(distributor.finalisedRoot(), tree[0], "finalised root while paused");
        assertTrue(tree[0] != oldRoot, "a new root");

        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.PausedSet(false);
        vm.prank(ADMIN);
        distributor.unpause();
        assertFalse(distributor.paused(), "unpaused");
        assertEq(distributor.root(), tree[0], "active root after unpause");
        (address account, address token, uint256 amount) = _leaf(index);
        assertEq(distributor.claim(account, token, amount, _proof(index)), amount, "paid");
    }

    function testPauseLeavesProposalsAndVetoesWorking() public {
        _finaliseEpoch1();
        vm.prank(GUARDIAN);
        distributor.pause();
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("while paused"), _totals(1_700, 300));
        bytes32 hash = distributor.hashProposal(proposal);
        _propose(proposal);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochVetoed(2, hash, GUARDIAN, "while paused");
        vm.prank(GUARDIAN);
        distributor.veto("while paused");
    }

    function testPauseBeforeAnyRootReportsThePauseAndAfterUnpauseThereIsStillNoRoot() public {
        vm.prank(GUARDIAN);
        distributor.pause();
        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        distributor.claim(alice, tokens[0], 1_000, new bytes32[](0));
        vm.prank(ADMIN);
        distributor.unpause();
        vm.expectRevert(IPayoutDistributor.PayoutDistributorNoRoot.selector);
        distributor.claim(alice, tokens[0], 1_000, new bytes32[](0));
    }

    function testPauseTwiceShouldRevert() public {
        vm.startPrank(GUARDIAN);
        distributor.pause();
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorPausedUnchanged.selector, true));
        distributor.pause();
        vm.stopPrank();
    }

    function testUnpauseWhenNotPausedShouldRevert() public {
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorPausedUnchanged.selector, false));
        distributor.unpause();
    }

    function testPauseByAnyoneButTheGuardianShouldRevert() public {
        bytes32 guardianRole = distributor.GUARDIAN_ROLE();
        address[2] memory callers = [stranger, ADMIN];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            _expectUnauthorized(callers[i], guardianRole);
            distributor.pause();
        }
    }

    function testUnpauseByAnyoneButTheAdminShouldRevert() public {
        vm.prank(GUARDIAN);
        distributor.pause();
        address[2] memory callers = [stranger, GUARDIAN];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            _expectUnauthorized(callers[i], bytes32(0));
            distributor.unpause();
        }
    }
}
