// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AssetRegistry} from "../../AssetRegistry.sol";
import {DemoPermitToken} from "../../dev/DemoPermitToken.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {RevenueRouter} from "../../RevenueRouter.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.t.sol";
import {Signing} from "../utils/Signing.t.sol";
import {TestBase} from "../utils/TestBase.t.sol";

/// @title PayoutHandler
/// @notice Drives the whole money path for the invariant tests: revenue paid through the router in two tokens
/// (approved first, or with a permit in the one that has it),
/// epochs built over a fixed set of accounts (valid cumulative trees within funding, quorum-signed, sometimes
/// preceded by a wrong root that is vetoed, left to expire or disputed with a bond, finalised after the challenge
/// window), and claims of random leaves, repeated claims, claims of
/// more than a leaf and signed claims to other recipients, with pauses in between. It owns every role, checks
/// each call's own effects as it goes (the suite fails on any revert) and keeps the ghost totals the invariants
/// compare the contracts against.
contract PayoutHandler is TestBase {
    uint256 public constant ACCOUNTS = 4;
    uint256 public constant TOKENS = 2;
    uint256 public constant LEAVES = ACCOUNTS * TOKENS;
    uint256 private constant _ASSETS = 3;
    uint256 private constant _ORACLES = 5;
    uint8 private constant _THRESHOLD = 3;
    uint32 private constant _CHALLENGE_PERIOD = 1 hours;
    uint256 private constant _ORACLE_KEY = 0x0A11CE;
    uint256 private constant _ACCOUNT_KEY = 0xACC0;
    /// @dev Signs the permits of `payWithPermit`: the handler, a contract, cannot.
    uint256 private constant _PAYER_KEY = 0xBA7E4;
    uint256 private constant _MAX_PAYMENT = 1e30;

    AssetRegistry private immutable _REGISTRY;
    PayoutDistributor private immutable _DISTRIBUTOR;
    RevenueRouter private immutable _ROUTER;
    /// @dev Token B, the one with EIP-2612 permit, as dUSD on the local network.
    DemoPermitToken private immutable _PERMIT_TOKEN;
    address public constant TREASURY = address(0x7EA5);
    address public constant RESERVE = address(0x5E5E);

    address[TOKENS] private _tokens;
    address[ACCOUNTS] private _accounts;
    uint256[] private _oracleKeys;

    /// @dev The latest finalised tree; leaf `i` is `(_accounts[i / TOKENS], _tokens[i % TOKENS], _cumulative[i])`.
    bytes32[] private _tree;
    uint256[LEAVES] private _cumulative;
    uint256 private _lastClaimed;

    /* GHOSTS */

    /// @notice Per token: revenue paid in, and what the treasury, the reserve and the distributor received.
    mapping(address token => uint256) public ghostPaid;
    mapping(address token => uint256) public ghostFees;
    mapping(address token => uint256) public ghostReserve;
    mapping(address token => uint256) public ghostPool;
    /// @notice Per account and token: what claims have paid out for the account (to it or to its recipients).
    mapping(address account => mapping(address token => uint256)) public ghostPaidOut;
    /// @notice The latest finalised epoch number (vetoed numbers are skipped), and the last block it covered.
    uint64 public ghostEpochs;
    uint64 public ghostLastToBlock;
    /// @notice Dispute bonds: posted, returned, forfeited to the treasury; rewards paid, and the vault's reserve.
    struct Bonds {
        uint256 posted;
        uint256 returned;
        uint256 forfeited;
        uint256 rewardsPaid;
        uint256 rewardReserve;
    }

    /// @notice The dispute bond token.
    address public immutable BOND_TOKEN;
    Bonds public ghostBonds;
    uint96 private constant _BOND = 1e18;
    uint96 private constant _REWARD = 1e17;
    /// @notice How often each kind of call did something, to show the campaign reached every path.
    mapping(bytes32 action => uint256) public calls;

    constructor() {
        _REGISTRY = new AssetRegistry(address(this), 0, new address[](0));
        for (uint256 i; i < _ASSETS; ++i) {
            _REGISTRY.register(
                keccak256(abi.encode("asset", i)), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0)
            );
        }
        address[] memory oracles = new address[](_ORACLES);
        for (uint256 i; i < _ORACLES; ++i) {
            _oracleKeys.push(_ORACLE_KEY + i);
            oracles[i] = vm.addr(_ORACLE_KEY + i);
        }
        address first = address(new DemoToken("Token A", "A", 18));
        _PERMIT_TOKEN = new DemoPermitToken("Token B", "B", 6);
        address second = address(_PERMIT_TOKEN);
        (_tokens[0], _tokens[1]) = first < second ? (first, second) : (second, first);
        address[] memory tokens = new address[](TOKENS);
        (tokens[0], tokens[1]) = (_tokens[0], _tokens[1]);
        address[] memory guardians = new address[](1);
        guardians[0] = address(this);
        // This handler is the admin and the guardian of everything.
        _DISTRIBUTOR = new PayoutDistributor(
            address(this), 1 days, guardians, oracles, _THRESHOLD, _CHALLENGE_PERIOD, tokens
        );
        _ROUTER = new RevenueRouter(_REGISTRY, _DISTRIBUTOR, address(this), 1 days, TREASURY, RESERVE, 200, 5_000);
        for (uint256 i; i < ACCOUNTS; ++i) {
            _accounts[i] = vm.addr(_ACCOUNT_KEY + i);
        }
        BOND_TOKEN = address(new DemoToken("Bond", "BOND", 18));
        _DISTRIBUTOR.setDisputeTerms(IPayoutDistributor.DisputeTerms(BOND_TOKEN, _BOND, _REWARD, TREASURY));
        IERC20(BOND_TOKEN).approve(address(_DISTRIBUTOR), type(uint256).max);
    }

    /* REVENUE */

    /// @notice Pays a random amount of one of the tokens to a random asset through the router.
    function pay(uint256 tokenSeed, uint256 assetSeed, uint256 amount) external {
        address token = _tokens[tokenSeed % TOKENS];
        amount = bound(amount, 1, _MAX_PAYMENT);
        DemoToken(token).mint(address(this), amount);
        DemoToken(token).approve(address(_ROUTER), amount);
        _payAndCheck(token, assetSeed % _ASSETS + 1, amount, false);
        ++calls["pay"];
    }

    /// @notice Pays a random amount of the permit token to a random asset, approving it with a signed permit.
    function payWithPermit(uint256 assetSeed, uint256 amount) external {
        amount = bound(amount, 1, _MAX_PAYMENT);
        address payer = vm.addr(_PAYER_KEY);
        _PERMIT_TOKEN.mint(payer, amount);
        uint256 nonce = _PERMIT_TOKEN.nonces(payer);
        _payAndCheck(address(_PERMIT_TOKEN), assetSeed % _ASSETS + 1, amount, true);
        assertEq(_PERMIT_TOKEN.nonces(payer), nonce + 1, "payWithPermit: nonce used");
        assertEq(_PERMIT_TOKEN.allowance(payer, address(_ROUTER)), 0, "payWithPermit: allowance spent");
        ++calls["payWithPermit"];
    }

    /// @notice Changes the router's split within its bounds.
    function setSplit(uint256 feeBps, uint256 poolBps) external {
        // Safe casts: bounded to at most 10,000.
        _ROUTER.setSplit(uint16(bound(feeBps, 0, _ROUTER.MAX_FEE_BPS())), uint16(bound(poolBps, 0, 10_000)));
        ++calls["setSplit"];
    }

    /* EPOCHS */

    /// @notice Allocates a random part of each token's unallocated funding to the accounts, proposes the new
    /// cumulative tree with a random quorum (sometimes after a vetoed proposal), waits out the window, finalises.
    function runEpoch(uint256 seed) external {
        uint256[LEAVES] memory cumulative = _cumulative;
        uint256[] memory totals = new uint256[](TOKENS);
        for (uint256 t; t < TOKENS; ++t) {
            totals[t] = _allocate(cumulative, t, uint256(keccak256(abi.encode(seed, t))));
        }
        bytes32[] memory leaves = new bytes32[](LEAVES);
        for (uint256 i; i < LEAVES; ++i) {
            leaves[i] = MerkleBuilder.leaf(_accounts[i / TOKENS], _tokens[i % TOKENS], cumulative[i]);
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        IPayoutDistributor.EpochProposal memory proposal = _proposal(tree[0], totals, seed);

        if (seed % 4 == 0) proposal = _proposeAndVeto(proposal, seed);
        _DISTRIBUTOR.propose(proposal, _quorum(proposal, seed));
        vm.warp(block.timestamp + _CHALLENGE_PERIOD + (seed >> 16) % 1 days);
        _DISTRIBUTOR.finalise(proposal);

        (uint64 epoch, uint64 toBlock) = _DISTRIBUTOR.finalisedEpoch();
        assertEq(epoch, proposal.epoch, "runEpoch: the proposed epoch is finalised");
        assertTrue(epoch > ghostEpochs, "runEpoch: epochs ascend");
        assertEq(toBlock, proposal.toBlock, "runEpoch: last block");
        ghostEpochs = epoch;
        ghostLastToBlock = toBlock;
        _tree = tree;
        _cumulative = cumulative;
        (bool success, bytes memory reason) =
            _callDistributor(abi.encodeCall(IPayoutDistributor.finalise, (proposal)));
        _expectRevert(
            success,
            reason,
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, _DISTRIBUTOR.hashProposal(proposal)
            ),
            "runEpoch: finalising twice"
        );
        IPayoutDistributor.CompactSignature[] memory signatures = _quorum(proposal, seed);
        (success, reason) = _callDistributor(abi.encodeCall(IPayoutDistributor.propose, (proposal, signatures)));
        _expectRevert(
            success,
            reason,
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorWrongEpoch.selector, epoch, epoch + 1),
            "runEpoch: proposing a finalised epoch again"
        );
        ++calls["runEpoch"];
    }

    /* CLAIMS */

    /// @notice Claims a random leaf of the latest tree for its account.
    function claim(uint256 leafSeed) external {
        _claim(leafSeed % LEAVES);
    }

    /// @notice Claims the last claimed leaf again: pays nothing unless a later epoch raised it.
    function claimAgain() external {
        _claim(_lastClaimed);
    }

    /// @notice Tries to claim more than a leaf's cumulative amount with the leaf's proof; must always fail.
    function claimMoreThanTheLeaf(uint256 leafSeed, uint256 extra) external {
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        amount += bound(extra, 1, _MAX_PAYMENT);
        (bool success, bytes memory reason) = _callDistributor(
            abi.encodeCall(IPayoutDistributor.claim, (account, token, amount, _proof(index)))
        );
        _expectRevert(success, reason, _expectedFailure(account, token, amount, true), "claimMoreThanTheLeaf");
        ++calls["claimMoreThanTheLeaf"];
    }

    /// @notice Claims a random leaf with its account's signature, paying one of a few other recipients.
    function claimWithSig(uint256 leafSeed, uint256 recipientSeed) external {
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        address recipient = address(uint160(0xBEEF00 + recipientSeed % 3));
        uint256 claimedBefore = _DISTRIBUTOR.claimed(account, token);
        uint256 balanceBefore = IERC20(token).balanceOf(recipient);

        (bool success, bytes memory result) = _callDistributor(_signedClaim(index, recipient));

        if (_claimable(amount, claimedBefore)) {
            assertTrue(success, "claimWithSig: failed");
            uint256 paid = abi.decode(result, (uint256));
            assertEq(paid, amount - claimedBefore, "claimWithSig: paid");
            assertEq(IERC20(token).balanceOf(recipient) - balanceBefore, paid, "claimWithSig: recipient balance");
            ghostPaidOut[account][token] += paid;
            ++calls["claimWithSig"];
        } else {
            _expectRevert(success, result, _expectedFailure(account, token, amount, false), "claimWithSig");
        }
    }

    /// @notice Claims both tokens of a random account in one batch, when both have something to claim.
    function claimBatch(uint256 accountSeed) external {
        uint256 accountIndex = accountSeed % ACCOUNTS;
        address account = _accounts[accountIndex];
        address[] memory tokens = new address[](TOKENS);
        uint256[] memory amounts = new uint256[](TOKENS);
        uint256[] memory before = new uint256[](TOKENS);
        bytes32[][] memory proofs = new bytes32[][](TOKENS);
        for (uint256 t; t < TOKENS; ++t) {
            uint256 index = accountIndex * TOKENS + t;
            (, tokens[t], amounts[t]) = _leaf(index);
            proofs[t] = _proof(index);
            before[t] = _DISTRIBUTOR.claimed(account, tokens[t]);
            if (!_claimable(amounts[t], before[t])) return;
        }
        _DISTRIBUTOR.claimBatch(account, tokens, amounts, proofs);
        for (uint256 t; t < TOKENS; ++t) {
            ghostPaidOut[account][tokens[t]] += amounts[t] - before[t];
            assertEq(_DISTRIBUTOR.claimed(account, tokens[t]), amounts[t], "claimBatch: claimed");
        }
        ++calls["claimBatch"];
    }

    /* GUARDIAN AND TIME */

    /// @notice Pauses claims, or resumes them.
    function togglePause() external {
        if (_DISTRIBUTOR.paused()) _DISTRIBUTOR.unpause();
        else _DISTRIBUTOR.pause();
        ++calls["togglePause"];
    }

    /// @notice Lets time pass.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 7 days));
    }

    /* VIEWS FOR THE INVARIANTS */

    function registry() external view returns (AssetRegistry) {
        return _REGISTRY;
    }

    function distributor() external view returns (PayoutDistributor) {
        return _DISTRIBUTOR;
    }

    function router() external view returns (RevenueRouter) {
        return _ROUTER;
    }

    function tokenAt(uint256 t) external view returns (address) {
        return _tokens[t];
    }

    function accountAt(uint256 a) external view returns (address) {
        return _accounts[a];
    }

    /// @notice The account's cumulative amount of the token in the latest finalised tree.
    function cumulativeOf(uint256 a, uint256 t) external view returns (uint256) {
        return _cumulative[a * TOKENS + t];
    }

    /* INTERNAL */

    function _claim(uint256 index) private {
        (address account, address token, uint256 amount) = _leaf(index);
        uint256 claimedBefore = _DISTRIBUTOR.claimed(account, token);
        uint256 balanceBefore = IERC20(token).balanceOf(account);

        (bool success, bytes memory result) = _callDistributor(
            abi.encodeCall(IPayoutDistributor.claim, (account, token, amount, _proof(index)))
        );

        if (_claimable(amount, claimedBefore)) {
            assertTrue(success, "claim: failed");
            uint256 paid = abi.decode(result, (uint256));
            assertEq(paid, amount - claimedBefore, "claim: paid");
            assertEq(IERC20(token).balanceOf(account) - balanceBefore, paid, "claim: account balance");
            ghostPaidOut[account][token] += paid;
            _lastClaimed = index;
            ++calls["claim"];
        } else {
            _expectRevert(success, result, _expectedFailure(account, token, amount, false), "claim");
            ++calls["claimRejected"];
        }
    }

    /// @dev A `claimWithSig` call for leaf `index`, signed by its account for `recipient`, valid for an hour.
    function _signedClaim(uint256 index, address recipient) private view returns (bytes memory) {
        (address account, address token, uint256 amount) = _leaf(index);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = Signing.claimDigest(
            address(_DISTRIBUTOR), account, token, amount, recipient, _DISTRIBUTOR.nonces(account), deadline
        );
        bytes memory signature = Signing.sign(_ACCOUNT_KEY + index / TOKENS, digest);
        return abi.encodeCall(
            IPayoutDistributor.claimWithSig, (account, token, amount, _proof(index), recipient, deadline, signature)
        );
    }

    /// @dev Whether a claim of `amount` should pay: there is an active root and something left to claim.
    function _claimable(uint256 amount, uint256 claimedBefore) private view returns (bool) {
        return ghostEpochs != 0 && !_DISTRIBUTOR.paused() && amount > claimedBefore;
    }

    /// @dev The error a claim that must not pay reverts with, checked in the distributor's order.
    function _expectedFailure(address account, address token, uint256 amount, bool badProof)
        private
        view
        returns (bytes memory)
    {
        if (_DISTRIBUTOR.paused()) return abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorPaused.selector);
        if (ghostEpochs == 0) return abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoRoot.selector);
        if (badProof) {
            return abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInvalidProof.selector, account, token, amount
            );
        }
        uint256 claimedBefore = _DISTRIBUTOR.claimed(account, token);
        return abi.encodeWithSelector(
            IPayoutDistributor.PayoutDistributorNothingToClaim.selector, account, token, amount, claimedBefore
        );
    }

    /// @dev Adds a random share of token `t`'s unallocated funding to the accounts' cumulative amounts, sometimes
    /// all of it; returns the token's new total, which is the sum of its leaves.
    function _allocate(uint256[LEAVES] memory cumulative, uint256 t, uint256 seed) private view returns (uint256) {
        (uint256 funded, uint256 allocated) = _DISTRIBUTOR.tokenTotals(_tokens[t]);
        uint256 available = funded - allocated;
        uint256 share = seed % 8 == 0 ? 100 : seed % 101;
        uint256 spend = available * share / 100;
        uint256 total = allocated + spend;
        uint256[ACCOUNTS] memory weights;
        uint256 weightSum;
        for (uint256 a; a < ACCOUNTS; ++a) {
            // Some accounts get nothing in some epochs.
            weights[a] = (seed >> (8 * (a + 1))) % 4 == 0 ? 0 : (seed >> (8 * (a + 1))) % 256;
            weightSum += weights[a];
        }
        if (weightSum == 0) (weights[0], weightSum) = (1, 1);
        uint256 given;
        for (uint256 a; a < ACCOUNTS; ++a) {
            uint256 part = spend * weights[a] / weightSum;
            cumulative[a * TOKENS + t] += part;
            given += part;
        }
        // The rounding dust goes to the account with the largest weight, so the leaves add up to the total.
        uint256 largest;
        for (uint256 a = 1; a < ACCOUNTS; ++a) {
            if (weights[a] > weights[largest]) largest = a;
        }
        cumulative[largest * TOKENS + t] += spend - given;
        return total;
    }

    function _proposal(bytes32 payoutRoot, uint256[] memory totals, uint256 seed)
        private
        view
        returns (IPayoutDistributor.EpochProposal memory proposal)
    {
        address[] memory tokens = new address[](TOKENS);
        for (uint256 t; t < TOKENS; ++t) {
            tokens[t] = _tokens[t];
        }
        uint64 epoch = _DISTRIBUTOR.nextEpoch();
        uint64 fromBlock = ghostLastToBlock + 1;
        proposal = IPayoutDistributor.EpochProposal({
            epoch: epoch,
            fromBlock: fromBlock,
            toBlock: fromBlock + uint64(seed % 1_000),
            payoutRoot: payoutRoot,
            scoresRoot: keccak256(abi.encode("scores", epoch)),
            manifestHash: keccak256(abi.encode("manifest", epoch)),
            tokens: tokens,
            totals: totals
        });
    }

    /// @dev Proposes a wrong root first and vetoes it within the window, as a guardian would; checks that nobody
    /// can replay the vetoed signatures, and returns the proposal renumbered for the next epoch number.
    function _proposeAndVeto(IPayoutDistributor.EpochProposal memory proposal, uint256 seed)
        private
        returns (IPayoutDistributor.EpochProposal memory)
    {
        bytes32 root = proposal.payoutRoot;
        proposal.payoutRoot = keccak256(abi.encode("wrong", root));
        IPayoutDistributor.CompactSignature[] memory vetoed = _quorum(proposal, seed >> 5);
        _DISTRIBUTOR.propose(proposal, vetoed);
        uint256 way = (seed >> 8) % 3;
        if (way == 0) {
            vm.warp(block.timestamp + (seed >> 32) % _CHALLENGE_PERIOD);
            _DISTRIBUTOR.veto("wrong root");
        } else if (way == 1) {
            // Nobody finalises it: a challenge period after its deadline anyone may clear it.
            vm.warp(block.timestamp + 2 * _CHALLENGE_PERIOD);
            _DISTRIBUTOR.clearExpiredProposal();
            ++calls["clearExpiredProposal"];
        } else {
            _disputeAndResolve(proposal, seed);
        }
        (bool success, bytes memory reason) =
            _callDistributor(abi.encodeCall(IPayoutDistributor.propose, (proposal, vetoed)));
        _expectRevert(
            success,
            reason,
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorWrongEpoch.selector, proposal.epoch, proposal.epoch + 1
            ),
            "veto: replaying the vetoed proposal"
        );
        proposal.payoutRoot = root;
        ++proposal.epoch;
        ++calls["veto"];
        return proposal;
    }

    /// @dev Anyone disputes the wrong root with a bond: it can then be neither finalised nor cleared, however long it
    /// waits, until it is resolved. Upheld by a guardian, the bond comes back with a reward from the vault's reserve;
    /// rejected by governance, the bond goes to the treasury and the proposal expires as an undisputed one would.
    function _disputeAndResolve(IPayoutDistributor.EpochProposal memory proposal, uint256 seed) private {
        DemoToken(BOND_TOKEN).mint(address(this), _BOND);
        if ((seed >> 48) % 2 == 0) {
            DemoToken(BOND_TOKEN).mint(_DISTRIBUTOR.bondVault(), _REWARD);
            ghostBonds.rewardReserve += _REWARD;
        }
        vm.warp(block.timestamp + (seed >> 32) % _CHALLENGE_PERIOD);
        _DISTRIBUTOR.dispute("the root pays the wrong accounts");
        ghostBonds.posted += _BOND;
        vm.warp(block.timestamp + 3 * _CHALLENGE_PERIOD);
        bytes memory disputed =
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorDisputed.selector, proposal.epoch);
        (bool success, bytes memory reason) =
            _callDistributor(abi.encodeCall(IPayoutDistributor.finalise, (proposal)));
        _expectRevert(success, reason, disputed, "dispute: a disputed root is not finalised");
        (success, reason) = _callDistributor(abi.encodeCall(IPayoutDistributor.clearExpiredProposal, ()));
        _expectRevert(success, reason, disputed, "dispute: a disputed root waits for its resolution");

        uint256 before = IERC20(BOND_TOKEN).balanceOf(address(this));
        if ((seed >> 40) % 2 == 0) {
            _DISTRIBUTOR.resolveDispute(true, "upheld");
            uint256 back = IERC20(BOND_TOKEN).balanceOf(address(this)) - before;
            uint256 reward = back - _BOND;
            assertTrue(
                reward <= _REWARD && reward <= ghostBonds.rewardReserve, "dispute: the reward comes from the reserve"
            );
            ghostBonds.returned += _BOND;
            ghostBonds.rewardsPaid += reward;
            ghostBonds.rewardReserve -= reward;
            ++calls["disputeUpheld"];
        } else {
            uint256 treasuryBefore = IERC20(BOND_TOKEN).balanceOf(TREASURY);
            _DISTRIBUTOR.resolveDispute(false, "rejected");
            assertEq(IERC20(BOND_TOKEN).balanceOf(TREASURY) - treasuryBefore, _BOND, "dispute: the bond is forfeited");
            ghostBonds.forfeited += _BOND;
            _DISTRIBUTOR.clearExpiredProposal();
            ++calls["disputeRejected"];
        }
    }

    /// @dev Signatures of a random subset of at least `_THRESHOLD` oracles, ordered by signer.
    function _quorum(IPayoutDistributor.EpochProposal memory proposal, uint256 seed)
        private
        view
        returns (IPayoutDistributor.CompactSignature[] memory)
    {
        uint256 count = _THRESHOLD + (seed >> 40) % (_ORACLES - _THRESHOLD + 1);
        uint256 offset = (seed >> 48) % _ORACLES;
        uint256[] memory keys = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            keys[i] = _oracleKeys[(offset + i) % _ORACLES];
        }
        return Signing.signQuorum(keys, Signing.proposalDigest(address(_DISTRIBUTOR), proposal));
    }

    function _leaf(uint256 index) private view returns (address account, address token, uint256 amount) {
        return (_accounts[index / TOKENS], _tokens[index % TOKENS], _cumulative[index]);
    }

    /// @dev The leaf's proof in the latest tree, or none before the first epoch.
    function _proof(uint256 index) private view returns (bytes32[] memory) {
        if (_tree.length == 0) return new bytes32[](0);
        return MerkleBuilder.proof(_tree, index);
    }

    /// @dev Calls the distributor and returns the outcome instead of reverting, so that a call that must fail can be
    /// checked for its exact error.
    function _callDistributor(bytes memory data) private returns (bool success, bytes memory result) {
        // A low-level call is the point here: the handler compares raw revert data.
        // solhint-disable-next-line avoid-low-level-calls
        return address(_DISTRIBUTOR).call(data);
    }

    /// @dev Balances of the treasury, the reserve, the distributor and the router.
    /// @dev Pays through the router, by `pay` from this handler or by `payWithPermit` from the permit signer, and
    /// checks the split landed where due before recording it in the ghosts.
    function _payAndCheck(address token, uint256 assetId, uint256 amount, bool withPermit) private {
        uint256[4] memory before = _routerSideBalances(token);
        (uint256 funded,) = _DISTRIBUTOR.tokenTotals(token);

        if (withPermit) {
            address payer = vm.addr(_PAYER_KEY);
            uint256 deadline = block.timestamp;
            bytes32 digest = Signing.permitDigest(
                token, "Token B", payer, address(_ROUTER), amount, _PERMIT_TOKEN.nonces(payer), deadline
            );
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(_PAYER_KEY, digest);
            vm.prank(payer);
            _ROUTER.payWithPermit(assetId, IERC20(token), amount, deadline, v, r, s);
        } else {
            _ROUTER.pay(assetId, IERC20(token), amount);
        }

        uint256[4] memory afterwards = _routerSideBalances(token);
        uint256 fee = afterwards[0] - before[0];
        uint256 reserveShare = afterwards[1] - before[1];
        uint256 pool = afterwards[2] - before[2];
        assertEq(fee + reserveShare + pool, amount, "pay: fee + reserve + pool");
        assertEq(afterwards[3], before[3], "pay: router balance");
        (uint256 fundedAfter,) = _DISTRIBUTOR.tokenTotals(token);
        assertEq(fundedAfter - funded, pool, "pay: recorded funding");
        ghostPaid[token] += amount;
        ghostFees[token] += fee;
        ghostReserve[token] += reserveShare;
        ghostPool[token] += pool;
    }

    function _routerSideBalances(address token) private view returns (uint256[4] memory) {
        return [
            IERC20(token).balanceOf(TREASURY),
            IERC20(token).balanceOf(RESERVE),
            IERC20(token).balanceOf(_DISTRIBUTOR.vault()),
            IERC20(token).balanceOf(address(_ROUTER))
        ];
    }

    function _expectRevert(bool success, bytes memory reason, bytes memory expected, string memory what)
        private
        pure
    {
        assertTrue(!success, what);
        assertEq(keccak256(reason), keccak256(expected), what);
    }
}
