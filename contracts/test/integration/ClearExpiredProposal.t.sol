// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeTransferLib} from "solady/src/utils/SafeTransferLib.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {FreezableToken} from "../mocks/FreezableToken.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.clearExpiredProposal`: a proposal nobody could finalise for a whole challenge period
/// after its deadline is cleared by anyone, so no pending state is terminal.
contract ClearExpiredProposalTest is BaseTest {
    function testFuzz_ClearingAnExpiredProposalByAnyoneFreesTheNextEpochNumber(address caller, uint256 late) public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("never finalised");
        bytes32 hash = distributor.hashProposal(proposal);
        uint256 deadline = _propose(proposal);
        vm.warp(deadline + CHALLENGE_PERIOD + bound(late, 0, 365 days));
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochExpired(1, hash);
        vm.prank(caller);
        distributor.clearExpiredProposal();

        (, bytes32 pendingHash, uint64 pendingDeadline) = distributor.pendingProposal();
        assertEq(pendingHash, bytes32(0), "nothing pending");
        assertEq(pendingDeadline, 0, "no deadline");
        assertEq(distributor.nextEpoch(), 2, "the expired number is burnt");
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, hash));
        distributor.finalise(proposal);
        _proposeAndFinalise(_emptyProposal("the next one"));
        (uint64 epoch,) = distributor.finalisedEpoch();
        assertEq(epoch, 2, "epoch 2 finalised over epoch 1's blocks");
    }

    function testFuzz_ClearingBeforeExpiryShouldRevert(uint256 elapsed) public {
        uint256 deadline = _propose(_emptyProposal("pending"));
        uint256 expiresAt = deadline + CHALLENGE_PERIOD;
        vm.warp(bound(elapsed, block.timestamp, expiresAt - 1));
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorProposalNotExpired.selector, expiresAt)
        );
        distributor.clearExpiredProposal();
    }

    function testClearingWithNothingPendingShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, 0));
        distributor.clearExpiredProposal();
    }

    function testAProposalThatATokenFrozeInTheVaultCanBeClearedAndTheNextOneLeavesThatTokenWhereItWas() public {
        // Issue 10, finding 1: a token that freezes the vault makes `finalise` revert; the proposal must not stay.
        FreezableToken frozenToken = new FreezableToken();
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(frozenToken), true);
        frozenToken.mint(PAYER, 10_000);
        vm.startPrank(PAYER);
        frozenToken.approve(address(router), 10_000);
        router.pay(1, IERC20(address(frozenToken)), 10_000);
        vm.stopPrank();
        frozenToken.setFrozen(distributor.vault(), true);

        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("frozen");
        proposal.tokens = _sorted(tokens[0], address(frozenToken));
        proposal.totals = new uint256[](2);
        proposal.totals[proposal.tokens[0] == tokens[0] ? 1 : 0] = 4_900;
        uint256 deadline = _propose(proposal);
        vm.warp(deadline);
        vm.expectRevert(SafeTransferLib.TransferFromFailed.selector);
        distributor.finalise(proposal);

        vm.warp(deadline + CHALLENGE_PERIOD);
        distributor.clearExpiredProposal();
        _proposeAndFinalise(_emptyProposal("without the frozen token"));
        (, uint256 allocated) = distributor.tokenTotals(address(frozenToken));
        assertEq(allocated, 0, "the frozen token waits in the vault");
        assertEq(frozenToken.balanceOf(distributor.vault()), 4_900, "nothing lost");
    }
}
