// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeTransferLib} from "solady/src/utils/SafeTransferLib.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.finalise`: anyone finalises the pending proposal from its challenge deadline on, by
/// re-sending exactly its data; its root becomes the claims' root and its totals the allocated ones.
contract FinaliseTest is BaseTest {
    function setUp() public override {
        super.setUp();
        _pay(1, tokenA, 100_000);
        _pay(1, tokenB, 100_000);
    }

    function testFinaliseByAnyoneAtTheDeadlineActivatesTheRootAndTheTotals() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("root 1"), _totals(1_700, 300));
        bytes32 hash = distributor.hashProposal(proposal);
        vm.warp(_propose(proposal));
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochFinalised(1, hash);
        vm.prank(stranger);
        distributor.finalise(proposal);

        assertEq(distributor.root(), proposal.payoutRoot, "root");
        assertEq(distributor.finalisedRoot(), proposal.payoutRoot, "finalised root");
        (uint64 epoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(epoch, 1, "finalised epoch");
        assertEq(toBlock, proposal.toBlock, "last block");
        (uint64 pendingEpoch, bytes32 pendingHash, uint64 deadline) = distributor.pendingProposal();
        assertEq(pendingEpoch + deadline, 0, "nothing pending");
        assertEq(pendingHash, bytes32(0), "no pending hash");
        (uint256 fundedA, uint256 allocatedA) = distributor.tokenTotals(tokens[0]);
        (uint256 fundedB, uint256 allocatedB) = distributor.tokenTotals(tokens[1]);
        assertEq(fundedA, 49_000, "token A funded");
        assertEq(allocatedA, 1_700, "token A allocated");
        assertEq(fundedB, 49_000, "token B funded");
        assertEq(allocatedB, 300, "token B allocated");
    }

    function testFinaliseMovesEachTokensNewlyAllocatedAmountFromTheVaultAndNothingMore() public {
        address vault = distributor.vault();
        _proposeAndFinalise(_proposal(keccak256("root 1"), _totals(1_700, 300)));
        assertEq(tokenA.balanceOf(address(distributor)), 1_700, "token A allocated");
        assertEq(tokenB.balanceOf(address(distributor)), 300, "token B allocated");
        assertEq(tokenA.balanceOf(vault), 49_000 - 1_700, "token A waits");
        assertEq(tokenB.balanceOf(vault), 49_000 - 300, "token B waits");
        _proposeAndFinalise(_proposal(keccak256("root 2"), _totals(1_700, 1_000)));
        assertEq(tokenA.balanceOf(address(distributor)), 1_700, "token A unchanged");
        assertEq(tokenB.balanceOf(address(distributor)), 1_000, "token B topped up by 700");
    }

    function testARootPayingMoreThanItsTotalCannotTakeFundsOfLaterEpochs() public {
        // Issue 10, finding 4: totals were only declared; a root could pay more from funds of later epochs.
        Leaf[] memory greedy = new Leaf[](2);
        greedy[0] = Leaf(alice, tokens[0], 40_000);
        greedy[1] = Leaf(bob, tokens[0], 9_000);
        bytes32[] memory hashes = new bytes32[](2);
        for (uint256 i; i < 2; ++i) {
            hashes[i] = MerkleBuilder.leaf(greedy[i].account, greedy[i].token, greedy[i].amount);
        }
        bytes32[] memory greedyTree = MerkleBuilder.build(hashes);
        // The leaves add up to 49,000 but the root declares 10,000.
        _proposeAndFinalise(_proposal(greedyTree[0], _totals(10_000, 0)));
        bytes32[] memory proof = MerkleBuilder.proof(greedyTree, 0);
        vm.expectRevert(SafeTransferLib.TransferFailed.selector);
        distributor.claim(alice, tokens[0], 40_000, proof);
        assertEq(tokenA.balanceOf(distributor.vault()), 39_000, "later epochs' funds stay in the vault");
        distributor.claim(bob, tokens[0], 9_000, MerkleBuilder.proof(greedyTree, 1));
        assertEq(tokenA.balanceOf(address(distributor)), 1_000, "claims are bounded by the finalised total");
    }

    function testFinaliseOfTheNextEpochReplacesTheRootAndRaisesTheTotals() public {
        _proposeAndFinalise(_proposal(keccak256("root 1"), _totals(1_700, 300)));
        IPayoutDistributor.EpochProposal memory second = _proposal(keccak256("root 2"), _totals(3_300, 1_000));
        _proposeAndFinalise(second);
        assertEq(distributor.root(), second.payoutRoot, "root");
        (uint64 epoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(epoch, 2, "finalised epoch");
        assertEq(toBlock, second.toBlock, "last block");
        (, uint256 allocatedA) = distributor.tokenTotals(tokens[0]);
        (, uint256 allocatedB) = distributor.tokenTotals(tokens[1]);
        assertEq(allocatedA, 3_300, "token A allocated");
        assertEq(allocatedB, 1_000, "token B allocated");
    }

    function testFuzz_FinaliseWithinTheChallengeWindowShouldRevert(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, CHALLENGE_PERIOD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("early");
        uint256 deadline = _propose(proposal);
        vm.warp(block.timestamp + elapsed);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOpen.selector, deadline)
        );
        distributor.finalise(proposal);
    }

    function testFinaliseOneSecondBeforeTheDeadlineShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("early");
        uint256 deadline = _propose(proposal);
        vm.warp(deadline - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOpen.selector, deadline)
        );
        distributor.finalise(proposal);
    }

    function testFinaliseWithDataOtherThanTheProposedShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("root 1"), _totals(1_700, 300));
        vm.warp(_propose(proposal));
        for (uint256 change; change < 7; ++change) {
            IPayoutDistributor.EpochProposal memory other = _proposal(keccak256("root 1"), _totals(1_700, 300));
            if (change == 0) other.payoutRoot = keccak256("swapped");
            if (change == 1) other.scoresRoot = keccak256("swapped");
            if (change == 2) other.manifestHash = keccak256("swapped");
            if (change == 3) ++other.toBlock;
            if (change == 4) other.totals[1] = 301;
            if (change == 5) ++other.fromBlock;
            if (change == 6) other.epoch = 2;
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, distributor.hashProposal(other)
                )
            );
            distributor.finalise(other);
        }
    }

    function testFinaliseWithNothingPendingShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("never proposed");
        bytes32 hash = distributor.hashProposal(proposal);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, hash));
        distributor.finalise(proposal);

        _proposeAndFinalise(proposal);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, hash));
        distributor.finalise(proposal);
    }
}
