// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {Signing} from "../utils/Signing.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.propose`: a quorum of distinct oracles, ordered by address, signs the next epoch's
/// data over EIP-712; the epoch numbers, block ranges, token lists and totals must follow on from what was
/// finalised and stay within funding.
contract ProposeTest is BaseTest {
    /// @dev What the router funds the pool with, per token: 100,000 x 98% x 50%.
    uint256 private constant _POOL_FUNDING = 49_000;

    function setUp() public override {
        super.setUp();
        _pay(1, tokenA, 100_000);
        _pay(1, tokenB, 100_000);
    }

    function testProposeWithAThreeOfFiveQuorumRecordsThePendingProposalAndEmitsIt() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("root"), _totals(1_700, 300));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        bytes32 hash = distributor.hashProposal(proposal);
        uint64 deadline = uint64(block.timestamp + CHALLENGE_PERIOD);
        address[] memory signers = new address[](THRESHOLD);
        for (uint256 i; i < THRESHOLD; ++i) {
            signers[i] = oracles[i];
        }
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochProposed(hash, proposal, deadline, signers);
        vm.prank(stranger);
        bytes32 returned = distributor.propose(proposal, signatures);

        assertEq(returned, hash, "returned proposal hash");
        (uint64 epoch, bytes32 pendingHash, uint64 pendingDeadline) = distributor.pendingProposal();
        assertEq(epoch, 1, "pending epoch");
        assertEq(pendingHash, hash, "pending hash");
        assertEq(pendingDeadline, deadline, "challenge deadline");
        assertEq(distributor.nextEpoch(), 2, "next epoch");
        // Nothing changes for claims until finalisation.
        assertEq(distributor.root(), bytes32(0), "root");
        (uint64 finalisedEpoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(finalisedEpoch + toBlock, 0, "nothing finalised");
    }

    function testProposeOnceEveryEpochNumberIsUsedShouldRevert() public {
        // Issue 10, finding 9: epoch numbers are 64 bits in proposals but the proposed epoch is stored in 32; at
        // 2^32 - 1 the next number would not fit, so proposing stops with a named error instead of wrapping.
        bytes32 slot = _stateSlot();
        uint256 word = uint256(vm.load(address(distributor), slot));
        word |= uint256(type(uint32).max) << 32; // The proposed epoch's bits: every number used.
        vm.store(address(distributor), slot, bytes32(word));
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("one too many");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorEpochsExhausted.selector);
        distributor.propose(proposal, signatures);
    }

    /// @dev The distributor's state slot, found by what it holds: the challenge period at bit 168 and the oracle
    /// count at bit 200 (the layout `StateLayout.t.sol` checks), nothing else in the low 32 slots looks like it.
    function _stateSlot() private view returns (bytes32) {
        for (uint256 i; i < 32; ++i) {
            uint256 word = uint256(vm.load(address(distributor), bytes32(i)));
            bool period = (word >> 168) & 0xffffffff == CHALLENGE_PERIOD;
            if (period && (word >> 200) & 0xff == ORACLE_COUNT) return bytes32(i);
        }
        revert TestAssertionFailed("no state slot");
    }

    function testProposeWithMoreSignaturesThanTheThresholdListsEverySigner() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("all");
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochProposed(
            distributor.hashProposal(proposal), proposal, uint64(block.timestamp + CHALLENGE_PERIOD), oracles
        );
        distributor.propose(proposal, _sign(proposal, ORACLE_COUNT));
    }

    function testProposeWithAnySubsetOfOraclesReachingTheThresholdShouldSucceed() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("subset");
        distributor.propose(proposal, _signWith(proposal, _keys(1, 3, 4)));
        (uint64 epoch,,) = distributor.pendingProposal();
        assertEq(epoch, 1, "pending epoch");
    }

    function testProposeWithSignersOutOfOrderShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("order");
        IPayoutDistributor.CompactSignature[] memory signatures = _signWith(proposal, _keys(1, 0, 2));
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, oracles[0]));
        distributor.propose(proposal, signatures);
    }

    function testProposeWithARepeatedSignerShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("repeat");
        IPayoutDistributor.CompactSignature[] memory signatures = _signWith(proposal, _keys(0, 0, 1));
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, oracles[0]));
        distributor.propose(proposal, signatures);
    }

    function testProposeWithTheSameSignatureTwiceShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("twice");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        signatures[2] = signatures[1];
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, oracles[1]));
        distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposeSignedByANonOracleShouldRevert(uint256 key) public {
        key = bound(key, 1, SECP256K1_N - 1);
        address signer = vm.addr(key);
        vm.assume(!distributor.isOracle(signer));
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("stranger");
        uint256[] memory keys = new uint256[](THRESHOLD);
        (keys[0], keys[1], keys[2]) = (key, oracleKeys[0], oracleKeys[1]);
        IPayoutDistributor.CompactSignature[] memory signatures =
            Signing.signQuorum(keys, Signing.proposalDigest(address(distributor), proposal));

        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, signer));
        distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposeWithFewerSignaturesThanTheThresholdShouldRevert(uint256 count) public {
        count = bound(count, 0, THRESHOLD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("few");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, count);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInsufficientSignatures.selector, count, THRESHOLD
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeWithSignaturesOverOtherDataShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("signed");
        IPayoutDistributor.EpochProposal memory other = _emptyProposal("other root");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(other, THRESHOLD);
        _expectInvalidFirstSigner(Signing.proposalDigest(address(distributor), proposal), signatures[0]);
        distributor.propose(proposal, signatures);
    }

    function testProposeWithSignaturesForAnotherChainShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("chain");
        bytes32 otherChain = Signing.typedDigest(
            Signing.domainSeparator("CoherencePayoutDistributor", block.chainid + 1, address(distributor)),
            Signing.proposalHash(proposal)
        );
        IPayoutDistributor.CompactSignature[] memory signatures = _signDigest(otherChain);
        _expectInvalidFirstSigner(Signing.proposalDigest(address(distributor), proposal), signatures[0]);
        distributor.propose(proposal, signatures);
    }

    function testProposeWithSignaturesForAnotherContractShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("contract");
        bytes32 otherContract = Signing.typedDigest(
            Signing.domainSeparator("CoherencePayoutDistributor", address(router)), Signing.proposalHash(proposal)
        );
        IPayoutDistributor.CompactSignature[] memory signatures = _signDigest(otherContract);
        _expectInvalidFirstSigner(Signing.proposalDigest(address(distributor), proposal), signatures[0]);
        distributor.propose(proposal, signatures);
    }

    function testProposeWithAnUnrecoverableSignatureShouldRevertAsSignedByTheZeroAddress() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("zero r");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        signatures[1].r = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, address(0)));
        distributor.propose(proposal, signatures);
    }

    /// @dev The distributor does not reject high-s signatures, so the other form of an oracle's signature must not
    /// count as a second signer. (In ERC-2098 form it cannot even be written: `n - s` needs bit 255, which is the
    /// parity bit, so the malleated signature recovers some other address, which is no oracle.)
    function testFuzz_ProposeWithTheMalleatedSignatureOfAnOracleDoesNotCountItTwice(uint256 oracleSeed) public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("malleable");
        uint256 twice = bound(oracleSeed, 0, THRESHOLD - 2);
        uint256[] memory keys = _keys(0, 1, 2);
        keys[twice + 1] = keys[twice];
        IPayoutDistributor.CompactSignature[] memory signatures = _signWith(proposal, keys);
        // The other signature of the same digest: s' = n - s, with the parity bit flipped; s' overflows into bit 255.
        uint256 s = uint256(signatures[twice + 1].vs) & ~(uint256(1) << 255);
        uint256 parity = uint256(signatures[twice + 1].vs) >> 255;
        signatures[twice + 1].vs = bytes32((SECP256K1_N - s) | ((1 - parity) << 255));

        address recovered = _recover(Signing.proposalDigest(address(distributor), proposal), signatures[twice + 1]);
        assertFalse(distributor.isOracle(recovered), "the malleated signature recovers no oracle");
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, recovered));
        distributor.propose(proposal, signatures);
    }

    function testProposeWhileAnotherProposalIsPendingShouldRevert() public {
        _propose(_emptyProposal("first"));
        IPayoutDistributor.EpochProposal memory another = _emptyProposal("another");
        another.epoch = 2;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(another, THRESHOLD);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorProposalPending.selector, 1));
        distributor.propose(another, signatures);
    }

    function testProposeWithAZeroPayoutRootShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(bytes32(0), new uint256[](TOKENS));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroRoot.selector);
        distributor.propose(proposal, signatures);
    }

    /* EPOCH SEQUENCE */

    function testFuzz_ProposeForAnyEpochButTheNextShouldRevert(uint64 epoch, uint256 finalisedEpochs) public {
        finalisedEpochs = bound(finalisedEpochs, 0, 3);
        for (uint256 i; i < finalisedEpochs; ++i) {
            _proposeAndFinalise(_emptyProposal("epoch"));
        }
        uint64 expected = uint64(finalisedEpochs + 1);
        vm.assume(epoch != expected);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("epoch");
        proposal.epoch = epoch;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorWrongEpoch.selector, epoch, expected)
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeTheFirstEpochFromAnyBlockOfASingleBlockShouldSucceed() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("genesis");
        (proposal.fromBlock, proposal.toBlock) = (0, 0);
        _proposeAndFinalise(proposal);
        (uint64 epoch, uint64 toBlock) = distributor.finalisedEpoch();
        assertEq(epoch, 1, "finalised epoch");
        assertEq(toBlock, 0, "last block");
    }

    function testProposeEndingBeforeItStartsShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("backwards");
        (proposal.fromBlock, proposal.toBlock) = (150, 149);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorWrongBlockRange.selector, 150, 149, 150)
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeEndingAtTheLastPossibleBlockShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("unbounded");
        proposal.toBlock = type(uint64).max;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongBlockRange.selector,
                proposal.fromBlock,
                type(uint64).max,
                proposal.fromBlock
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposeNotStartingRightAfterTheLastFinalisedBlockShouldRevert(uint64 fromBlock) public {
        _proposeAndFinalise(_emptyProposal("first"));
        (, uint64 lastToBlock) = distributor.finalisedEpoch();
        vm.assume(fromBlock != lastToBlock + 1);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("range");
        proposal.fromBlock = fromBlock;
        proposal.toBlock = type(uint64).max - 1;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongBlockRange.selector,
                fromBlock,
                type(uint64).max - 1,
                lastToBlock + 1
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeAfterTheFirstEpochEndingBeforeItStartsShouldRevert() public {
        _proposeAndFinalise(_emptyProposal("first"));
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("second");
        proposal.toBlock = proposal.fromBlock - 1;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongBlockRange.selector,
                proposal.fromBlock,
                proposal.fromBlock - 1,
                proposal.fromBlock
            )
        );
        distributor.propose(proposal, signatures);
    }

    /* TOKENS AND TOTALS */

    function testProposeWithTokensNotStrictlyAscendingShouldRevert() public {
        address[3][3] memory lists = [
            [tokens[1], tokens[0], address(0)],
            [tokens[0], tokens[0], address(0)],
            [address(0), address(0), address(0)]
        ];
        uint256[3] memory lengths = [uint256(2), 2, 1];
        for (uint256 k; k < lists.length; ++k) {
            IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("order");
            proposal.tokens = new address[](lengths[k]);
            proposal.totals = new uint256[](lengths[k]);
            for (uint256 i; i < lengths[k]; ++i) {
                proposal.tokens[i] = lists[k][i];
            }
            IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
            vm.expectRevert(IPayoutDistributor.PayoutDistributorBadTokenList.selector);
            distributor.propose(proposal, signatures);
        }
    }

    function testProposeWithTokensAndTotalsOfDifferentLengthsShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("lengths");
        proposal.totals = new uint256[](1);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorLengthMismatch.selector);
        distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposeOmittingAnAllocatedTokenShouldRevert(uint256 total, bool keepSecond) public {
        total = bound(total, 1, _POOL_FUNDING);
        _proposeAndFinalise(_proposal(keccak256("both"), _totals(total, total)));
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("omit");
        proposal.tokens = new address[](1);
        proposal.tokens[0] = tokens[keepSecond ? 1 : 0];
        proposal.totals = new uint256[](1);
        proposal.totals[0] = total;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);

        vm.expectRevert(IPayoutDistributor.PayoutDistributorBadTokenList.selector);
        distributor.propose(proposal, signatures);
    }

    function testProposeOmittingATokenFinalisedWithAZeroTotalOrAddingANewOneShouldSucceed() public {
        _proposeAndFinalise(_proposal(keccak256("first"), _totals(1_700, 0)));
        (, uint256 allocatedB) = distributor.tokenTotals(tokens[1]);
        assertEq(allocatedB, 0, "token B was never allocated");

        IPayoutDistributor.EpochProposal memory onlyA = _emptyProposal("only A");
        onlyA.tokens = new address[](1);
        onlyA.tokens[0] = tokens[0];
        onlyA.totals = new uint256[](1);
        onlyA.totals[0] = 1_700;
        _proposeAndFinalise(onlyA);

        // A new token, allowlisted and funded since, joins the list.
        DemoToken tokenC = new DemoToken("Demo Token C", "DTC", 18);
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenC), true);
        _pay(1, tokenC, 100_000);
        IPayoutDistributor.EpochProposal memory withC = _emptyProposal("with C");
        withC.tokens = _sorted(tokens[0], address(tokenC));
        withC.totals = new uint256[](2);
        withC.totals[withC.tokens[0] == tokens[0] ? 0 : 1] = 1_700;
        withC.totals[withC.tokens[0] == tokens[0] ? 1 : 0] = 10;
        _proposeAndFinalise(withC);
        (, uint256 allocatedC) = distributor.tokenTotals(address(tokenC));
        assertEq(allocatedC, 10, "token C allocated");
    }

    function testFuzz_ProposeWithATotalAboveFundingShouldRevert(uint256 total, bool secondToken) public {
        total = bound(total, _POOL_FUNDING + 1, type(uint256).max);
        uint256 t = secondToken ? 1 : 0;
        uint256[] memory totals = _totals(_POOL_FUNDING, _POOL_FUNDING);
        totals[t] = total;
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("root"), totals);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorTotalExceedsFunding.selector, tokens[t], total, _POOL_FUNDING
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeWithTotalsOfExactlyTheFundingShouldSucceed() public {
        _proposeAndFinalise(_proposal(keccak256("all"), _totals(_POOL_FUNDING, _POOL_FUNDING)));
        (uint256 funded, uint256 allocated) = distributor.tokenTotals(tokens[1]);
        assertEq(allocated, funded, "everything funded is allocated");
    }

    function testProposeWithAnyTotalForATokenNeverFundedShouldRevert() public {
        DemoToken unfunded = new DemoToken("Unfunded", "UNF", 18);
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("unfunded");
        proposal.tokens = _sorted(tokens[0], address(unfunded));
        proposal.totals = new uint256[](2);
        proposal.totals[proposal.tokens[0] == address(unfunded) ? 0 : 1] = 1;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorTotalExceedsFunding.selector, address(unfunded), 1, 0
            )
        );
        distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposeDecreasingATotalShouldRevert(uint256 total, uint256 lower, bool secondToken) public {
        total = bound(total, 1, _POOL_FUNDING);
        lower = bound(lower, 0, total - 1);
        _proposeAndFinalise(_proposal(keccak256("first"), _totals(total, total)));
        uint256 t = secondToken ? 1 : 0;
        uint256[] memory totals = _totals(total, total);
        totals[t] = lower;
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("lower"), totals);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTotalDecreased.selector, tokens[t], lower, total)
        );
        distributor.propose(proposal, signatures);
    }

    function testProposeWithTotalsEqualToThePreviousOnesShouldSucceed() public {
        _proposeAndFinalise(_proposal(keccak256("first"), _totals(1_700, 300)));
        // An epoch may allocate nothing new.
        _proposeAndFinalise(_proposal(keccak256("same"), _totals(1_700, 300)));
        (uint64 epoch,) = distributor.finalisedEpoch();
        assertEq(epoch, 2, "finalised epoch");
    }

    /* HELPERS */

    /// @dev A 3-of-5 quorum's signatures of `digest` (some other digest than the proposal's).
    function _signDigest(bytes32 digest)
        private
        view
        returns (IPayoutDistributor.CompactSignature[] memory signatures)
    {
        signatures = new IPayoutDistributor.CompactSignature[](THRESHOLD);
        for (uint256 i; i < THRESHOLD; ++i) {
            signatures[i] = Signing.signCompact(oracleKeys[i], digest);
        }
    }

    /// @dev What the distributor recovers from a compact signature of `digest`.
    function _recover(bytes32 digest, IPayoutDistributor.CompactSignature memory signature)
        private
        pure
        returns (address)
    {
        uint8 v = uint8(27 + (uint256(signature.vs) >> 255));
        return ecrecover(digest, v, signature.r, bytes32(uint256(signature.vs) & ~(uint256(1) << 255)));
    }

    /// @dev Expects the proposal to be refused at its first signature, which recovers no oracle over `digest`.
    function _expectInvalidFirstSigner(bytes32 digest, IPayoutDistributor.CompactSignature memory first) private {
        address recovered = _recover(digest, first);
        assertFalse(distributor.isOracle(recovered), "the signature recovers no oracle");
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, recovered));
    }
}
