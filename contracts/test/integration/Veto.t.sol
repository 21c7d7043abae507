// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.veto`: the guardian vetoes the pending proposal before its challenge deadline; the
/// vetoed epoch number is burnt, so its public signatures can never be replayed.
contract VetoTest is BaseTest {
    function testVetoWithinTheWindowDropsTheProposalAndBurnsItsEpochNumber() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("vetoed");
        bytes32 hash = distributor.hashProposal(proposal);
        uint256 deadline = _propose(proposal);
        vm.warp(deadline - 1);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochVetoed(1, hash, GUARDIAN, "totals look wrong");
        vm.prank(GUARDIAN);
        distributor.veto("totals look wrong");

        (uint64 epoch, bytes32 pendingHash, uint64 pendingDeadline) = distributor.pendingProposal();
        assertEq(epoch, 0, "no pending epoch");
        assertEq(pendingHash, bytes32(0), "no pending hash");
        assertEq(pendingDeadline, 0, "no pending deadline");
        assertEq(distributor.nextEpoch(), 2, "the vetoed number is burnt");

        vm.warp(deadline + CHALLENGE_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, hash));
        distributor.finalise(proposal);

        IPayoutDistributor.EpochProposal memory sameNumber = _emptyProposal("fixed");
        sameNumber.epoch = 1;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(sameNumber, THRESHOLD);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorWrongEpoch.selector, 1, 2));
        distributor.propose(sameNumber, signatures);

        // The fixed proposal takes epoch 2 and covers epoch 1's blocks.
        IPayoutDistributor.EpochProposal memory fixedProposal = _emptyProposal("fixed");
        assertEq(fixedProposal.epoch, 2, "the fixed proposal's epoch");
        _proposeAndFinalise(fixedProposal);
        (uint64 finalisedEpoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(finalisedEpoch, 2, "the first finalised epoch is 2");
        assertEq(toBlock, proposal.toBlock, "covering the vetoed proposal's blocks");
    }

    // A veto must stick: the vetoed proposal's signatures are public (in the propose calldata), so a replay by anyone
    // has to fail, and the next proposal needs fresh signatures over the next epoch number.
    function testVetoedProposalReplayedWithItsSignaturesByAnyoneShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("bad root");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        distributor.propose(proposal, signatures);
        vm.prank(GUARDIAN);
        distributor.veto("bad root");

        vm.prank(address(0xBAD));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongEpoch.selector, proposal.epoch, proposal.epoch + 1
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testFuzz_VetoFromTheChallengeDeadlineOnShouldRevert(uint256 elapsed) public {
        elapsed = bound(elapsed, CHALLENGE_PERIOD, 10 * 365 days);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("late");
        uint256 deadline = _propose(proposal);
        vm.warp(block.timestamp + elapsed);

        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOver.selector, deadline)
        );
        distributor.veto("too late");
        // Anyone may finalise once the window is over.
        vm.prank(address(0xF1AA1));
        distributor.finalise(proposal);
        (uint64 epoch,) = distributor.finalisedEpoch();
        assertEq(epoch, 1, "finalised epoch");
    }

    function testFuzz_VetoedProposalCannotBeFinalised(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, CHALLENGE_PERIOD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("vetoed");
        _propose(proposal);
        vm.warp(block.timestamp + elapsed);
        vm.prank(GUARDIAN);
        distributor.veto("wrong root");
        vm.warp(block.timestamp + CHALLENGE_PERIOD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, distributor.hashProposal(proposal)
            )
        );
        distributor.finalise(proposal);
    }

    function testVetoWithNothingPendingShouldRevert() public {
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, bytes32(0))
        );
        distributor.veto("nothing");

        _proposeAndFinalise(_emptyProposal("final"));
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, bytes32(0))
        );
        distributor.veto("already final");
    }

    function testVetoByAnyoneButTheGuardianShouldRevert() public {
        _propose(_emptyProposal("pending"));
        bytes32 guardianRole = distributor.GUARDIAN_ROLE();
        address[2] memory callers = [stranger, ADMIN];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            _expectUnauthorized(callers[i], guardianRole);
            distributor.veto("mine");
        }
    }
}
