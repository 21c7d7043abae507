// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.revokeFinalisedRoot`: governance (through the timelock's delay) takes claims back to an
/// earlier finalised root when a bad one got through the window; the next proposal covers the revoked blocks again.
contract RevokeFinalisedRootTest is BaseTest {
    IPayoutDistributor.EpochProposal private _epoch1;
    IPayoutDistributor.EpochProposal private _epoch2;
    bytes32[] private _epoch1Tree;

    function setUp() public override {
        super.setUp();
        _epoch1 = _finaliseEpoch1();
        _epoch1Tree = tree;
        _epoch2 = _finaliseLeaves(_epoch2Leaves());
    }

    function testGovernanceRevokesTheLatestRootBackToThePreviousOne() public {
        // Issue 10, finding 8: there was no way to revoke a finalised root.
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.FinalisedRootRevoked(2, 1, _epoch1.payoutRoot, _epoch1.toBlock, "epoch 2 overpaid bob");
        vm.prank(ADMIN);
        distributor.revokeFinalisedRoot(1, _epoch1.toBlock, _epoch1.payoutRoot, "epoch 2 overpaid bob");

        assertEq(distributor.root(), _epoch1.payoutRoot, "claims check epoch 1's root");
        (uint64 epoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(epoch, 1, "finalised epoch");
        assertEq(toBlock, _epoch1.toBlock, "last block");

        // Epoch 2's leaves no longer pay; epoch 1's do.
        bytes32[] memory epoch2Proof = _proofOf(alice, tokens[0], 2_500);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], 2_500)
        );
        distributor.claim(alice, tokens[0], 2_500, epoch2Proof);
        tree = _epoch1Tree;
        distributor.claim(bob, tokens[0], 500, _proof(1));
        assertEq(tokenA.balanceOf(bob), 500, "bob paid by epoch 1's leaf");

        // The next proposal takes a new number and covers epoch 2's blocks again, its totals at least what is
        // allocated (epoch 2's funds stay in the distributor).
        IPayoutDistributor.EpochProposal memory corrected = _proposal(keccak256("corrected"), _epoch2.totals);
        assertEq(corrected.epoch, 3, "a new number");
        assertEq(corrected.fromBlock, _epoch1.toBlock + 1, "from epoch 1's end");
        _proposeAndFinalise(corrected);
        assertEq(distributor.root(), corrected.payoutRoot, "the corrected root");
    }

    function testWhatWasClaimedUnderARevokedRootIsNotClawedBack() public {
        distributor.claim(alice, tokens[0], 2_500, _proofOf(alice, tokens[0], 2_500));
        vm.prank(ADMIN);
        distributor.revokeFinalisedRoot(1, _epoch1.toBlock, _epoch1.payoutRoot, "bad root");
        assertEq(tokenA.balanceOf(alice), 2_500, "kept");
        // Alice claimed past her epoch 1 cumulative (1,000): nothing more until a root gives her more than 2,500.
        tree = _epoch1Tree;
        bytes32[] memory proof = _proof(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNothingToClaim.selector, alice, tokens[0], 1_000, 2_500
            )
        );
        distributor.claim(alice, tokens[0], 1_000, proof);
    }

    function testRevokingEveryEpochLeavesNothingToClaimUntilTheNextRoot() public {
        vm.prank(ADMIN);
        distributor.revokeFinalisedRoot(0, 0, bytes32(0), "the oracle set was compromised from the start");
        assertEq(distributor.root(), bytes32(0), "no root");
        assertEq(distributor.nextEpoch(), 3, "numbers still advance");
    }

    function testARevokedRootWhilePausedIsRestoredOnUnpause() public {
        vm.prank(GUARDIAN);
        distributor.pause();
        vm.prank(ADMIN);
        distributor.revokeFinalisedRoot(1, _epoch1.toBlock, _epoch1.payoutRoot, "bad root");
        assertEq(distributor.root(), bytes32(0), "paused");
        assertEq(distributor.finalisedRoot(), _epoch1.payoutRoot, "kept aside");
        vm.prank(ADMIN);
        distributor.unpause();
        assertEq(distributor.root(), _epoch1.payoutRoot, "restored");
    }

    function testFuzz_OnlyGovernanceRevokes(address caller) public {
        vm.assume(caller != ADMIN);
        bytes32 admin = distributor.DEFAULT_ADMIN_ROLE();
        _expectUnauthorized(caller, admin);
        vm.prank(caller);
        distributor.revokeFinalisedRoot(1, _epoch1.toBlock, _epoch1.payoutRoot, "not yours");
    }

    function testRevokingWithAProposalPendingShouldRevert() public {
        _propose(_proposal(keccak256("pending"), _epoch2.totals));
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorProposalPending.selector, 3));
        distributor.revokeFinalisedRoot(1, _epoch1.toBlock, _epoch1.payoutRoot, "veto it first");
    }

    function testRestoringAnEpochThatIsNotEarlierShouldRevert() public {
        bytes4 notEarlier = IPayoutDistributor.PayoutDistributorNotAnEarlierEpoch.selector;
        vm.startPrank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(notEarlier, 2, _epoch1.toBlock));
        distributor.revokeFinalisedRoot(2, _epoch1.toBlock, _epoch1.payoutRoot, "same epoch");
        vm.expectRevert(abi.encodeWithSelector(notEarlier, 1, _epoch2.toBlock));
        distributor.revokeFinalisedRoot(1, _epoch2.toBlock, _epoch1.payoutRoot, "blocks not earlier");
        vm.expectRevert(abi.encodeWithSelector(notEarlier, 0, 0));
        distributor.revokeFinalisedRoot(0, 0, _epoch1.payoutRoot, "epoch 0 has no root");
        vm.stopPrank();
    }
}
