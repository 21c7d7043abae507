// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice The distributor's state slot is read and written whole in assembly by `propose` and `finalise`, and member
/// by member by the compiler everywhere else: both must agree on where every member lives.
contract StateLayoutTest is BaseTest {
    function testStateLayoutMatchesTheCompilers() public {
        _pay(1, tokenA, 100_000);
        // Members the compiler writes: the challenge period, the oracle set, the threshold and the paused flag.
        vm.startPrank(ADMIN);
        distributor.setChallengePeriod(2 hours);
        distributor.setThreshold(4);
        vm.stopPrank();
        vm.prank(GUARDIAN);
        distributor.pause();

        // `propose` reads them in assembly and writes the epoch number and deadline back.
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("layout"), _totals(1_700, 0));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, 4);
        distributor.propose(proposal, signatures);
        uint256 deadline = block.timestamp + 2 hours;
        (uint64 epoch,, uint64 pendingDeadline) = distributor.pendingProposal();
        assertEq(epoch, 1, "proposed epoch");
        assertEq(pendingDeadline, deadline, "deadline");
        _assertCompilerMembers(2 hours, 4, true);

        // `finalise` writes the finalised epoch, its last block, the allocated token count and clears the deadline.
        vm.warp(deadline);
        distributor.finalise(proposal);
        (uint64 finalised, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(finalised, 1, "finalised epoch");
        assertEq(toBlock, proposal.toBlock, "last block");
        (,, pendingDeadline) = distributor.pendingProposal();
        assertEq(pendingDeadline, 0, "nothing pending");
        assertEq(distributor.nextEpoch(), 2, "next epoch");
        assertEq(distributor.finalisedRoot(), proposal.payoutRoot, "finalised root, kept aside while paused");
        _assertCompilerMembers(2 hours, 4, true);

        // The allocated token count: a proposal omitting token A now fails.
        IPayoutDistributor.EpochProposal memory omitting = _emptyProposal("omit A");
        omitting.tokens = new address[](1);
        omitting.tokens[0] = tokens[1];
        omitting.totals = new uint256[](1);
        signatures = _sign(omitting, 4);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorBadTokenList.selector);
        distributor.propose(omitting, signatures);
    }

    function _assertCompilerMembers(uint32 challengePeriod, uint8 threshold, bool paused) private view {
        (uint8 oracleCount, uint8 actualThreshold, uint32 actualPeriod) = distributor.oracleConfig();
        assertEq(oracleCount, ORACLE_COUNT, "oracle count");
        assertEq(actualThreshold, threshold, "threshold");
        assertEq(actualPeriod, challengePeriod, "challenge period");
        assertEq(distributor.paused(), paused, "paused");
        for (uint256 i; i < ORACLE_COUNT; ++i) {
            assertTrue(distributor.isOracle(oracles[i]), "the oracle set version points at the set");
        }
    }
}
