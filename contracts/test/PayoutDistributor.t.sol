// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {DemoToken} from "../dev/DemoToken.sol";
import {IPayoutDistributor} from "../interfaces/IPayoutDistributor.sol";
import {PayoutDistributor} from "../PayoutDistributor.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.t.sol";
import {Signing} from "./utils/Signing.t.sol";
import {TestBase} from "./utils/TestBase.t.sol";

/// @notice Fuzz tests of the payout distributor: cumulative claims against Merkle trees built here, quorum-signed
/// proposals with ERC-2098 signatures from known keys, the challenge window, and the funding bound.
contract PayoutDistributorTest is TestBase {
    uint32 private constant _CHALLENGE_PERIOD = 1 days;
    uint8 private constant _THRESHOLD = 3;
    uint256 private constant _ORACLE_KEY = 0x0A11CE;
    uint256 private constant _ACCOUNT_KEY = 0xACC0;
    uint256 private constant _ACCOUNTS = 4;
    uint256 private constant _TOKENS = 2;
    uint256 private constant _LEAVES = _ACCOUNTS * _TOKENS;
    /// @dev Large enough for any real token, small enough that eight leaves never overflow the 128-bit accounting.
    uint256 private constant _MAX_AMOUNT = 1e36;
    /// @dev The order of the secp256k1 group: private keys are in [1, n - 1].
    uint256 private constant _SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    PayoutDistributor private _distributor;
    address private _guardian = address(0x6A4D);
    address[_TOKENS] private _tokens;
    address[_ACCOUNTS] private _accounts;
    uint256[] private _oracleKeys;

    /// @dev The latest finalised tree: leaf `i` is `(_accounts[i / 2], _tokens[i % 2], _amounts[i])`.
    bytes32[] private _tree;
    uint256[_LEAVES] private _amounts;

    function setUp() public {
        address[] memory oracles = new address[](5);
        for (uint256 i; i < oracles.length; ++i) {
            _oracleKeys.push(_ORACLE_KEY + i);
            oracles[i] = vm.addr(_ORACLE_KEY + i);
        }
        _distributor = new PayoutDistributor(address(this), 1 days, _guardian, oracles, _THRESHOLD, _CHALLENGE_PERIOD);
        // This test stands in for the revenue router.
        _distributor.grantRole(_distributor.FUNDER_ROLE(), address(this));

        address first = address(new DemoToken("Token A", "A", 18));
        address second = address(new DemoToken("Token B", "B", 6));
        // Proposals list tokens strictly ascending.
        (_tokens[0], _tokens[1]) = first < second ? (first, second) : (second, first);
        for (uint256 i; i < _ACCOUNTS; ++i) {
            _accounts[i] = vm.addr(_ACCOUNT_KEY + i);
        }
    }

    /* CLAIMS */

    function testFuzz_ClaimPaysExactlyTheCumulativeAmount(uint256[_LEAVES] memory amounts, uint256 leafSeed)
        public
    {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);

        uint256 accountBefore = DemoToken(token).balanceOf(account);
        uint256 poolBefore = DemoToken(token).balanceOf(address(_distributor));
        // Anyone may claim for an account; the account is paid.
        vm.prank(address(0xCA11E4));
        uint256 paid = _distributor.claim(account, token, amount, MerkleBuilder.proof(_tree, index));

        assertEq(paid, amount, "paid");
        assertEq(DemoToken(token).balanceOf(account) - accountBefore, amount, "account balance change");
        assertEq(poolBefore - DemoToken(token).balanceOf(address(_distributor)), amount, "pool balance change");
        assertEq(_distributor.claimed(account, token), amount, "claimed");
    }

    function testFuzz_TopUpClaimPaysExactlyTheDifference(
        uint256 first,
        uint256 increase,
        uint256 leafSeed,
        bool claimFirstEpoch
    ) public {
        uint256 index = leafSeed % _LEAVES;
        first = bound(first, 1, _MAX_AMOUNT);
        increase = bound(increase, 1, _MAX_AMOUNT);
        uint256[_LEAVES] memory amounts;
        amounts[index] = first;
        _finaliseTree(amounts);
        (address account, address token,) = _leaf(index);
        uint256 claimedBefore;
        if (claimFirstEpoch) {
            _distributor.claim(account, token, first, MerkleBuilder.proof(_tree, index));
            claimedBefore = first;
        }

        amounts[index] = first + increase;
        _finaliseTree(amounts);
        uint256 balanceBefore = DemoToken(token).balanceOf(account);
        uint256 paid = _distributor.claim(account, token, first + increase, MerkleBuilder.proof(_tree, index));

        assertEq(paid, first + increase - claimedBefore, "paid");
        assertEq(DemoToken(token).balanceOf(account) - balanceBefore, paid, "balance change");
        assertEq(_distributor.claimed(account, token), first + increase, "claimed");
        assertEq(DemoToken(token).balanceOf(account), first + increase, "lifetime payment");
    }

    function testFuzz_ClaimTwiceShouldRevert(uint256[_LEAVES] memory amounts, uint256 leafSeed) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);
        bytes32[] memory proof = MerkleBuilder.proof(_tree, index);
        _distributor.claim(account, token, amount, proof);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNothingToClaim.selector, account, token, amount, amount
            )
        );
        _distributor.claim(account, token, amount, proof);
    }

    function testFuzz_ClaimOfAZeroLeafShouldRevert(uint256[_LEAVES] memory amounts, uint256 leafSeed) public {
        uint256 index = leafSeed % _LEAVES;
        amounts = _boundAmounts(amounts);
        amounts[index] = 0;
        _finaliseTree(amounts);
        (address account, address token,) = _leaf(index);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNothingToClaim.selector, account, token, 0, 0)
        );
        _distributor.claim(account, token, 0, MerkleBuilder.proof(_tree, index));
    }

    function testFuzz_ProofForAnotherAccountShouldRevert(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed,
        address other
    ) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(other != account);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, other, token, amount)
        );
        _distributor.claim(other, token, amount, MerkleBuilder.proof(_tree, index));
    }

    function testFuzz_ProofForAnotherAmountShouldRevert(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed,
        uint256 other
    ) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(other != amount);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, account, token, other)
        );
        _distributor.claim(account, token, other, MerkleBuilder.proof(_tree, index));
    }

    function testFuzz_ProofForAnotherTokenShouldRevert(uint256[_LEAVES] memory amounts, uint256 leafSeed) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        address otherToken = token == _tokens[0] ? _tokens[1] : _tokens[0];

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInvalidProof.selector, account, otherToken, amount
            )
        );
        _distributor.claim(account, otherToken, amount, MerkleBuilder.proof(_tree, index));
    }

    function testFuzz_ClaimBatchPaysEveryTokenOfTheAccount(uint256[_LEAVES] memory amounts, uint256 accountSeed)
        public
    {
        amounts = _boundAmounts(amounts);
        uint256 accountIndex = accountSeed % _ACCOUNTS;
        // Both of the account's leaves must have something to claim, or the batch reverts.
        ++amounts[2 * accountIndex];
        ++amounts[2 * accountIndex + 1];
        _finaliseTree(amounts);

        address account = _accounts[accountIndex];
        address[] memory tokens = new address[](_TOKENS);
        uint256[] memory cumulativeAmounts = new uint256[](_TOKENS);
        bytes32[][] memory proofs = new bytes32[][](_TOKENS);
        for (uint256 t; t < _TOKENS; ++t) {
            tokens[t] = _tokens[t];
            cumulativeAmounts[t] = amounts[2 * accountIndex + t];
            proofs[t] = MerkleBuilder.proof(_tree, 2 * accountIndex + t);
        }
        _distributor.claimBatch(account, tokens, cumulativeAmounts, proofs);

        for (uint256 t; t < _TOKENS; ++t) {
            assertEq(DemoToken(tokens[t]).balanceOf(account), cumulativeAmounts[t], "balance");
            assertEq(_distributor.claimed(account, tokens[t]), cumulativeAmounts[t], "claimed");
        }
    }

    function testFuzz_ClaimWithSigPaysTheRecipientOnce(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed,
        address recipient,
        uint256 validFor
    ) public {
        vm.assume(recipient != address(0) && recipient != address(_distributor));
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0 && recipient != account);
        uint256 deadline = block.timestamp + bound(validFor, 0, 365 days);
        bytes memory signature = Signing.sign(
            _ACCOUNT_KEY + index / _TOKENS,
            Signing.claimDigest(address(_distributor), account, token, amount, recipient, 0, deadline)
        );
        uint256 recipientBefore = DemoToken(token).balanceOf(recipient);

        assertEq(_claimWithSig(index, recipient, deadline, signature), amount, "paid");
        assertEq(DemoToken(token).balanceOf(recipient) - recipientBefore, amount, "recipient balance change");
        assertEq(DemoToken(token).balanceOf(account), 0, "account balance");
        assertEq(_distributor.nonces(account), 1, "nonce");
        // The nonce is spent, so the same signature no longer matches the digest.
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, account)
        );
        _claimWithSig(index, recipient, deadline, signature);
    }

    function testFuzz_ClaimWithSigAfterItsDeadlineShouldRevert(uint256 lateBy) public {
        uint256[_LEAVES] memory amounts;
        amounts[0] = 1;
        _finaliseTree(amounts);
        uint256 deadline = block.timestamp;
        bytes memory signature = Signing.sign(
            _ACCOUNT_KEY,
            Signing.claimDigest(address(_distributor), _accounts[0], _tokens[0], 1, address(0xBEEF), 0, deadline)
        );
        vm.warp(deadline + bound(lateBy, 1, 365 days));

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorExpiredSignature.selector, deadline)
        );
        _claimWithSig(0, address(0xBEEF), deadline, signature);
    }

    function testFuzz_ClaimWithSigOfAnotherKeyShouldRevert(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed,
        uint256 key
    ) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        key = bound(key, 1, _SECP256K1_N - 1);
        vm.assume(vm.addr(key) != account);
        address recipient = address(0xBEEF);
        bytes memory signature = Signing.sign(
            key, Signing.claimDigest(address(_distributor), account, token, amount, recipient, 0, block.timestamp)
        );
        bytes32[] memory proof = MerkleBuilder.proof(_tree, index);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, account)
        );
        _distributor.claimWithSig(account, token, amount, proof, recipient, block.timestamp, signature);
    }

    function testFuzz_ClaimWhilePausedShouldRevertAndResumeOnUnpause(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed
    ) public {
        _finaliseTree(_boundAmounts(amounts));
        uint256 index = leafSeed % _LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);
        bytes32[] memory proof = MerkleBuilder.proof(_tree, index);
        vm.prank(_guardian);
        _distributor.pause();

        vm.expectRevert(IPayoutDistributor.PayoutDistributorPaused.selector);
        _distributor.claim(account, token, amount, proof);

        _distributor.unpause();
        assertEq(_distributor.claim(account, token, amount, proof), amount, "paid after unpause");
    }

    function testFuzz_RootFinalisedWhilePausedIsTheOneUsedAfterUnpause(
        uint256[_LEAVES] memory amounts,
        uint256 leafSeed
    ) public {
        amounts = _boundAmounts(amounts);
        uint256 index = leafSeed % _LEAVES;
        _finaliseTree(amounts);
        vm.prank(_guardian);
        _distributor.pause();
        ++amounts[index];
        _finaliseTree(amounts);
        assertEq(_distributor.root(), bytes32(0), "no active root while paused");
        assertEq(_distributor.finalisedRoot(), _tree[0], "finalised root while paused");

        _distributor.unpause();
        assertEq(_distributor.root(), _tree[0], "active root after unpause");
        (address account, address token, uint256 amount) = _leaf(index);
        assertEq(_distributor.claim(account, token, amount, MerkleBuilder.proof(_tree, index)), amount, "paid");
    }

    /* PROPOSALS */

    function testFuzz_ProposalDigestMatchesIndependentEip712Encoding(
        uint64 epoch,
        uint64 fromBlock,
        uint64 toBlock,
        bytes32 payoutRoot,
        bytes32 scoresRoot,
        bytes32 manifestHash,
        uint256 total0,
        uint256 total1
    ) public view {
        uint256[] memory totals = new uint256[](_TOKENS);
        (totals[0], totals[1]) = (total0, total1);
        IPayoutDistributor.EpochProposal memory proposal = IPayoutDistributor.EpochProposal(
            epoch, fromBlock, toBlock, payoutRoot, scoresRoot, manifestHash, _tokenList(), totals
        );
        assertEq(
            _distributor.proposalDigest(proposal),
            Signing.proposalDigest(address(_distributor), proposal),
            "proposal digest"
        );
    }

    function testFuzz_ProposalWithTotalAboveFundingShouldRevert(uint256 funded, uint256 total, bool secondToken)
        public
    {
        funded = bound(funded, 0, _MAX_AMOUNT);
        total = bound(total, funded + 1, type(uint256).max);
        uint256 t = secondToken ? 1 : 0;
        _fund(_tokens[t], funded);
        uint256[] memory totals = new uint256[](_TOKENS);
        totals[t] = total;
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("root"), totals);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorTotalExceedsFunding.selector, _tokens[t], total, funded
            )
        );
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalDecreasingATotalShouldRevert(uint256 total, uint256 lower) public {
        total = bound(total, 1, _MAX_AMOUNT);
        lower = bound(lower, 0, total - 1);
        uint256[_LEAVES] memory amounts;
        amounts[0] = total;
        amounts[1] = total;
        _finaliseTree(amounts);
        uint256[] memory totals = new uint256[](_TOKENS);
        (totals[0], totals[1]) = (lower, total);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("lower"), totals);
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorTotalDecreased.selector, _tokens[0], lower, total
            )
        );
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalOmittingAnAllocatedTokenShouldRevert(uint256 total, bool keepSecond) public {
        total = bound(total, 1, _MAX_AMOUNT);
        uint256[_LEAVES] memory amounts;
        amounts[0] = total;
        amounts[1] = total;
        _finaliseTree(amounts);
        address[] memory tokens = new address[](1);
        tokens[0] = _tokens[keepSecond ? 1 : 0];
        uint256[] memory totals = new uint256[](1);
        totals[0] = total;
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("omit"), totals);
        proposal.tokens = tokens;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);

        vm.expectRevert(IPayoutDistributor.PayoutDistributorBadTokenList.selector);
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalWithFewerSignaturesThanThresholdShouldRevert(uint256 count) public {
        count = bound(count, 0, _THRESHOLD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("few"), new uint256[](_TOKENS));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, count);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInsufficientSignatures.selector, count, _THRESHOLD
            )
        );
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalSignedByANonOracleShouldRevert(uint256 key) public {
        key = bound(key, 1, _SECP256K1_N - 1);
        address stranger = vm.addr(key);
        vm.assume(!_distributor.isOracle(stranger));
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("stranger"), new uint256[](_TOKENS));
        uint256[] memory keys = new uint256[](_THRESHOLD);
        keys[0] = key;
        keys[1] = _oracleKeys[0];
        keys[2] = _oracleKeys[1];
        IPayoutDistributor.CompactSignature[] memory signatures =
            Signing.signQuorum(keys, Signing.proposalDigest(address(_distributor), proposal));

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, stranger)
        );
        _distributor.propose(proposal, signatures);
    }

    function testProposalWithSignersOutOfOrderShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("order"), new uint256[](_TOKENS));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);
        (signatures[0], signatures[1]) = (signatures[1], signatures[0]);
        uint256[] memory sorted = Signing.sortByAddress(_quorumKeys(_THRESHOLD));

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, vm.addr(sorted[0]))
        );
        _distributor.propose(proposal, signatures);
    }

    function testProposalWithARepeatedSignerShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("repeat"), new uint256[](_TOKENS));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);
        signatures[2] = signatures[1];
        uint256[] memory sorted = Signing.sortByAddress(_quorumKeys(_THRESHOLD));

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, vm.addr(sorted[1]))
        );
        _distributor.propose(proposal, signatures);
    }

    /// @dev The distributor does not reject high-s signatures, so the other form of an oracle's signature must not
    /// count as a second signer. (In ERC-2098 form it cannot even be written: `n - s` needs bit 255, which is the
    /// parity bit, so the malleated signature recovers some other address, which is no oracle.)
    function testFuzz_MalleatedSignatureOfAnOracleDoesNotCountTwice(uint256 oracleSeed) public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("malleable"), new uint256[](_TOKENS));
        uint256[] memory keys = Signing.sortByAddress(_quorumKeys(_THRESHOLD));
        uint256 twice = bound(oracleSeed, 0, _THRESHOLD - 2);
        keys[twice + 1] = keys[twice];
        IPayoutDistributor.CompactSignature[] memory signatures = new IPayoutDistributor.CompactSignature[](_THRESHOLD);
        bytes32 digest = Signing.proposalDigest(address(_distributor), proposal);
        for (uint256 i; i < _THRESHOLD; ++i) {
            signatures[i] = Signing.signCompact(keys[i], digest);
        }
        // The other signature of the same digest: s' = n - s, with the parity bit flipped; s' overflows into bit 255.
        uint256 s = uint256(signatures[twice + 1].vs) & ~(uint256(1) << 255);
        uint256 parity = uint256(signatures[twice + 1].vs) >> 255;
        signatures[twice + 1].vs = bytes32((_SECP256K1_N - s) | ((1 - parity) << 255));

        bytes32 vs = signatures[twice + 1].vs;
        uint8 v = uint8(27 + (uint256(vs) >> 255));
        address recovered = ecrecover(digest, v, signatures[twice + 1].r, bytes32(uint256(vs) & ~(uint256(1) << 255)));
        assertTrue(!_distributor.isOracle(recovered), "the malleated signature recovers no oracle");

        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, recovered));
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalForAnyEpochButTheNextShouldRevert(uint64 epoch, uint256 finalisedEpochs) public {
        finalisedEpochs = bound(finalisedEpochs, 0, 3);
        for (uint256 i; i < finalisedEpochs; ++i) {
            _finaliseTree(_amounts);
        }
        uint64 expected = uint64(finalisedEpochs + 1);
        vm.assume(epoch != expected);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("epoch"), new uint256[](_TOKENS));
        proposal.epoch = epoch;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorWrongEpoch.selector, epoch, expected)
        );
        _distributor.propose(proposal, signatures);
    }

    function testFuzz_ProposalNotStartingRightAfterTheLastBlockShouldRevert(uint64 fromBlock) public {
        _finaliseTree(_amounts);
        (, uint64 lastToBlock) = _distributor.finalisedEpoch();
        vm.assume(fromBlock != lastToBlock + 1);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("range"), new uint256[](_TOKENS));
        proposal.fromBlock = fromBlock;
        proposal.toBlock = type(uint64).max;
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongBlockRange.selector,
                fromBlock,
                type(uint64).max,
                lastToBlock + 1
            )
        );
        _distributor.propose(proposal, signatures);
    }

    /* CHALLENGE WINDOW */

    function testFuzz_FinaliseWithinTheChallengeWindowShouldRevert(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, _CHALLENGE_PERIOD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("early"), new uint256[](_TOKENS));
        _distributor.propose(proposal, _sign(proposal, _THRESHOLD));
        uint256 deadline = block.timestamp + _CHALLENGE_PERIOD;
        vm.warp(block.timestamp + elapsed);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOpen.selector, deadline)
        );
        _distributor.finalise(proposal);
    }

    function testFuzz_VetoAfterTheChallengeWindowShouldRevert(uint256 elapsed) public {
        elapsed = bound(elapsed, _CHALLENGE_PERIOD, 10 * 365 days);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("late"), new uint256[](_TOKENS));
        _distributor.propose(proposal, _sign(proposal, _THRESHOLD));
        uint256 deadline = block.timestamp + _CHALLENGE_PERIOD;
        vm.warp(block.timestamp + elapsed);

        vm.prank(_guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOver.selector, deadline)
        );
        _distributor.veto("too late");
        // Anyone may finalise once the window is over.
        vm.prank(address(0xF1AA1));
        _distributor.finalise(proposal);
        (uint64 epoch,) = _distributor.finalisedEpoch();
        assertEq(epoch, 1, "finalised epoch");
    }

    function testFuzz_VetoedProposalCannotBeFinalised(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, _CHALLENGE_PERIOD - 1);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("vetoed"), new uint256[](_TOKENS));
        _distributor.propose(proposal, _sign(proposal, _THRESHOLD));
        vm.warp(block.timestamp + elapsed);
        vm.prank(_guardian);
        _distributor.veto("wrong root");
        vm.warp(block.timestamp + _CHALLENGE_PERIOD);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, _distributor.hashProposal(proposal)
            )
        );
        _distributor.finalise(proposal);
    }

    // A veto must stick: the vetoed proposal's signatures are public (in the propose calldata), so a replay by anyone
    // has to fail, and the next proposal needs fresh signatures over the next epoch number.
    function testVetoedProposalReplayedByAnyoneShouldRevert() public {
        IPayoutDistributor.EpochProposal memory proposal = _proposal(keccak256("bad root"), new uint256[](_TOKENS));
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, _THRESHOLD);
        _distributor.propose(proposal, signatures);
        vm.prank(_guardian);
        _distributor.veto("bad root");

        vm.prank(address(0xBAD));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongEpoch.selector, proposal.epoch, proposal.epoch + 1
            )
        );
        _distributor.propose(proposal, signatures);
        assertEq(_distributor.nextEpoch(), proposal.epoch + 1, "the vetoed number is burnt");
    }

    /* TREE BUILDER */

    /// @dev Pins the builder to @openzeppelin/merkle-tree 1.0.8: `StandardMerkleTree.of(values,
    /// ["address", "address", "uint256"], { sortLeaves: false })` over these five leaves gives this root and proof.
    function testTreeBuilderMatchesOpenZeppelinStandardMerkleTree() public pure {
        address[3] memory accounts = [address(0xA11C), address(0x0B0B), address(0x0CA7)];
        address[2] memory tokens = [address(0xAA), address(0xBB)];
        bytes32[] memory leaves = new bytes32[](5);
        for (uint256 i; i < leaves.length; ++i) {
            leaves[i] = MerkleBuilder.leaf(accounts[i % 3], tokens[i % 2], (i + 1) * 1e18 + 7);
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        bytes32[] memory proof = MerkleBuilder.proof(tree, 3);

        assertEq(tree[0], 0xbd58cf9533d45ba1b014526b15fdeb08d78b0292bd5b12e1473c4334c076a257, "root");
        assertEq(proof.length, 2, "proof length");
        assertEq(proof[0], 0xd6a05df9b61466d0c0061b407669e69818198cef707c50f311c43bb23598c54f, "proof[0]");
        assertEq(proof[1], 0xcd43c83c31fc5faa6ffc1a48f649ee8da29d6ab7e59838541611ad59e72d2143, "proof[1]");
    }

    function testFuzz_TreeBuilderProofsVerifyWithOpenZeppelin(bytes32 seed, uint256 count) public pure {
        count = bound(count, 1, 33);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            leaves[i] = keccak256(abi.encode(seed, i));
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        for (uint256 i; i < count; ++i) {
            assertTrue(MerkleProof.verify(MerkleBuilder.proof(tree, i), tree[0], leaves[i]), "proof verifies");
        }
    }

    /* HELPERS */

    function _leaf(uint256 index) private view returns (address account, address token, uint256 amount) {
        return (_accounts[index / _TOKENS], _tokens[index % _TOKENS], _amounts[index]);
    }

    function _claimWithSig(uint256 index, address recipient, uint256 deadline, bytes memory signature)
        private
        returns (uint256)
    {
        (address account, address token, uint256 amount) = _leaf(index);
        bytes32[] memory proof = MerkleBuilder.proof(_tree, index);
        return _distributor.claimWithSig(account, token, amount, proof, recipient, deadline, signature);
    }

    function _tokenList() private view returns (address[] memory tokens) {
        tokens = new address[](_TOKENS);
        for (uint256 t; t < _TOKENS; ++t) {
            tokens[t] = _tokens[t];
        }
    }

    function _boundAmounts(uint256[_LEAVES] memory amounts) private pure returns (uint256[_LEAVES] memory) {
        for (uint256 i; i < _LEAVES; ++i) {
            amounts[i] = bound(amounts[i], 0, _MAX_AMOUNT);
        }
        return amounts;
    }

    /// @dev Mints `amount` into the distributor and records it, as the router does.
    function _fund(address token, uint256 amount) private {
        DemoToken(token).mint(address(_distributor), amount);
        _distributor.fund(token, amount);
    }

    /// @dev Funds what the new cumulative tree needs, then proposes, waits out the window and finalises it.
    function _finaliseTree(uint256[_LEAVES] memory amounts) private {
        bytes32[] memory leaves = new bytes32[](_LEAVES);
        uint256[] memory totals = new uint256[](_TOKENS);
        for (uint256 i; i < _LEAVES; ++i) {
            leaves[i] = MerkleBuilder.leaf(_accounts[i / _TOKENS], _tokens[i % _TOKENS], amounts[i]);
            totals[i % _TOKENS] += amounts[i];
        }
        for (uint256 t; t < _TOKENS; ++t) {
            (uint256 funded,) = _distributor.tokenTotals(_tokens[t]);
            if (totals[t] > funded) _fund(_tokens[t], totals[t] - funded);
        }
        _tree = MerkleBuilder.build(leaves);
        _amounts = amounts;

        IPayoutDistributor.EpochProposal memory proposal = _proposal(_tree[0], totals);
        _distributor.propose(proposal, _sign(proposal, _THRESHOLD));
        vm.warp(block.timestamp + _CHALLENGE_PERIOD);
        _distributor.finalise(proposal);
    }

    /// @dev The next epoch's proposal over both tokens, covering 100 blocks.
    function _proposal(bytes32 payoutRoot, uint256[] memory totals)
        private
        view
        returns (IPayoutDistributor.EpochProposal memory)
    {
        (uint64 epoch, uint64 lastToBlock) = _distributor.finalisedEpoch();
        uint64 fromBlock = lastToBlock + 1;
        return IPayoutDistributor.EpochProposal({
            epoch: epoch + 1,
            fromBlock: fromBlock,
            toBlock: fromBlock + 99,
            payoutRoot: payoutRoot,
            scoresRoot: keccak256(abi.encode("scores", epoch + 1)),
            manifestHash: keccak256(abi.encode("manifest", epoch + 1)),
            tokens: _tokenList(),
            totals: totals
        });
    }

    /// @dev Signatures of the first `count` oracles, ordered by signer.
    function _sign(IPayoutDistributor.EpochProposal memory proposal, uint256 count)
        private
        view
        returns (IPayoutDistributor.CompactSignature[] memory)
    {
        return Signing.signQuorum(_quorumKeys(count), Signing.proposalDigest(address(_distributor), proposal));
    }

    /// @dev The first `count` oracle keys.
    function _quorumKeys(uint256 count) private view returns (uint256[] memory keys) {
        keys = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            keys[i] = _oracleKeys[i];
        }
    }
}
