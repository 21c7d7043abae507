// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ECDSA} from "solady/src/utils/ECDSA.sol";
import {MerkleProofLib} from "solady/src/utils/MerkleProofLib.sol";
import {SafeTransferLib} from "solady/src/utils/SafeTransferLib.sol";
import {IPayoutDistributor} from "./interfaces/IPayoutDistributor.sol";
import {OracleRoster} from "./libraries/OracleRoster.sol";
import {PoolVault} from "./PoolVault.sol";

/// @title PayoutDistributor
/// @notice The Merkle payout pool: quorum-signed cumulative roots with the guardians' challenge window, and claims.
/// @dev Gas matters most on the claim path, so: the active root is the only state a claim reads besides the
/// account's claimed amount, and pausing zeroes it (no separate flag read); Solady's calldata proof check,
/// transfer and signature recovery. Malleable quorum signatures are harmless: signers are identified by address
/// and a proposal by its epoch, never by a signature.
/// Proposals store only their EIP-712 struct hash; `finalise` re-sends the data. The per-token bound on claims
/// costs the claim path nothing: funds reach this contract only when `finalise` allocates them (pulled from the
/// vault), so its balance of a token is what finalised roots allocated and not yet claimed.
contract PayoutDistributor is IPayoutDistributor, AccessControlDefaultAdminRules, EIP712, Nonces {
    /* STORAGE */

    /// @notice The role that may veto proposals and pause claims; several accounts may hold it.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice The most tokens that can be allowlisted or funded at once, so `propose` and `finalise` always fit in
    /// a block (every proposal lists every allocated token).
    uint256 public constant MAX_TOKENS = 32;
    /// @notice The shortest challenge period the admin may set.
    uint32 public constant MIN_CHALLENGE_PERIOD = 10 minutes;
    /// @notice The longest challenge period the admin may set.
    uint32 public constant MAX_CHALLENGE_PERIOD = 30 days;

    bytes32 private constant _PROPOSAL_TYPEHASH = keccak256(
        "EpochProposal(uint64 epoch,uint64 fromBlock,uint64 toBlock,bytes32 payoutRoot,bytes32 scoresRoot,"
        "bytes32 manifestHash,address[] tokens,uint256[] totals)"
    );
    bytes32 private constant _CLAIM_TYPEHASH = keccak256(
        "Claim(address account,address token,uint256 cumulativeAmount,address recipient,uint256 nonce,uint256 deadline)"
    );
    /// @dev Stored instead of zero while no proposal was ever made, so the first proposal pays for a
    /// non-zero-to-non-zero store like every later one.
    bytes32 private constant _NEVER_PROPOSED = bytes32(uint256(1));

    /* ASSEMBLY LAYOUT */

    /// @dev `n` ABI words are `n << 5` bytes: every calldata array element here (an address or a uint256) takes one
    /// 32-byte word, and so does every atomic EIP-712 value.
    uint256 private constant _WORD_SHIFT = 5;
    /// @dev The free memory pointer's slot; `_leafAndKey` borrows it and puts the pointer back.
    uint256 private constant _FREE_MEMORY_POINTER = 0x40;
    /// @dev An address's 160 bits: assembly cannot assume a stack address has clean upper bits.
    uint256 private constant _ADDRESS_MASK = 0x00ffffffffffffffffffffffffffffffffffffffff;

    /// @dev `EpochProposal`'s six static fields, `epoch` to `manifestHash`, are the first six words of its calldata
    /// encoding, in the type string's order and padded to 32 bytes as EIP-712 `encodeData` pads them, so they are
    /// copied as one block. (The two words after them are the arrays' offsets, which `encodeData` replaces by hashes.)
    uint256 private constant _PROPOSAL_STATIC_FIELDS_SIZE = 6 * 32;
    /// @dev `encodeData(EpochProposal)` in memory, one word per member: the type hash comes first (word 0)...
    uint256 private constant _ENCODED_PROPOSAL_TYPEHASH = 0;
    /// @dev ...then the six static fields (words 1 to 6)...
    uint256 private constant _ENCODED_PROPOSAL_STATIC_FIELDS = 1 * 32;
    /// @dev ...then `keccak256` of the `tokens` words (word 7)...
    uint256 private constant _ENCODED_PROPOSAL_TOKENS_HASH = 7 * 32;
    /// @dev ...and of the `totals` words (word 8).
    uint256 private constant _ENCODED_PROPOSAL_TOTALS_HASH = 8 * 32;
    /// @dev The type hash and the eight members: nine words.
    uint256 private constant _ENCODED_PROPOSAL_SIZE = 9 * 32;

    /// @dev The data of `EpochProposed` as the ABI encodes its non-indexed fields `(proposal, challengeDeadline,
    /// signers)`: three head words (the proposal's offset, the deadline, the signers' offset), then the proposal
    /// (its six static fields, the offsets of `tokens` and `totals`, then each array's length and words), then the
    /// signers (length and words).
    uint256 private constant _PROPOSED_PROPOSAL_OFFSET = 3 * 32;
    uint256 private constant _PROPOSED_DEADLINE = 0x20;
    uint256 private constant _PROPOSED_SIGNERS_OFFSET_WORD = 0x40;
    /// @dev Within the encoded proposal: the `tokens` and `totals` offset words, and where `tokens` starts (its
    /// length word, right after the eight head words).
    uint256 private constant _ENCODED_TOKENS_OFFSET_WORD = 6 * 32;
    uint256 private constant _ENCODED_TOTALS_OFFSET_WORD = 7 * 32;
    uint256 private constant _ENCODED_TOKENS = 8 * 32;

    /// @dev `abi.encode(account, token, cumulativeAmount)`, the leaf's preimage, hashed in scratch space: account at
    /// word 0, token at word 1, amount at word 2 (the free memory pointer's slot, restored after). Its first two
    /// words are `abi.encode(account, token)`, the claimed-amount key's preimage, hashed first.
    uint256 private constant _LEAF_ACCOUNT = 0x00;
    uint256 private constant _LEAF_TOKEN = 0x20;
    uint256 private constant _LEAF_AMOUNT = 0x40;
    uint256 private constant _LEAF_PREIMAGE_SIZE = 3 * 32;
    uint256 private constant _KEY_PREIMAGE_SIZE = 2 * 32;
    /// @dev The second hash of a leaf is over the first one, a single word, kept at word 0.
    uint256 private constant _LEAF_INNER_HASH = 0x00;
    uint256 private constant _LEAF_INNER_HASH_SIZE = 32;

    /// @dev Everything the epoch lifecycle reads, in one slot. `propose` and `finalise` read and write it whole with
    /// `_loadState` and `_storeState`: the compiler copies a storage struct member by member (an `SLOAD`, and for a
    /// write an `SSTORE`, per member), which cost them about 2,000 gas each.
    struct State {
        uint32 finalisedEpoch;
        uint32 proposedEpoch; // The last epoch number used by a proposal; a vetoed number is never reused.
        uint64 lastToBlock;
        uint40 pendingDeadline; // Zero when no proposal is pending.
        uint32 challengePeriod;
        uint8 oracleCount;
        uint8 threshold;
        uint16 oracleSetVersion; // The oracles in force: the `OracleRoster` written under this version.
        bool paused;
        uint8 allocatedTokenCount; // Tokens with a non-zero finalised total (at most `MAX_TOKENS`), all listed.
        bool disputed; // The pending proposal is disputed and waits for the resolution.
    }

    /// @dev The bond at stake in the pending dispute, as it was posted.
    struct Dispute {
        address disputer;
        uint96 bond;
        address token;
    }

    /* STATE SLOT LAYOUT */

    /// @dev Where solc packs each member of `State` in its slot, in bits from the lowest: members in declaration
    /// order, each right after the previous one. `testStateLayoutMatchesTheCompilers` checks these against the
    /// compiler's own reads.
    uint256 private constant _FINALISED_EPOCH_BIT = 0;
    uint256 private constant _PROPOSED_EPOCH_BIT = 32;
    uint256 private constant _LAST_TO_BLOCK_BIT = 64;
    uint256 private constant _PENDING_DEADLINE_BIT = 128;
    uint256 private constant _CHALLENGE_PERIOD_BIT = 168;
    uint256 private constant _ORACLE_COUNT_BIT = 200;
    uint256 private constant _THRESHOLD_BIT = 208;
    uint256 private constant _ORACLE_SET_VERSION_BIT = 216;
    uint256 private constant _PAUSED_BIT = 232;
    uint256 private constant _ALLOCATED_TOKEN_COUNT_BIT = 240;
    uint256 private constant _DISPUTED_BIT = 248;
    uint256 private constant _MASK_8 = 0xff;
    uint256 private constant _MASK_16 = 0xffff;
    uint256 private constant _MASK_32 = 0xffffffff;
    uint256 private constant _MASK_40 = 0xffffffffff;
    uint256 private constant _MASK_64 = 0xffffffffffffffff;

    PoolVault private immutable _VAULT;
    PoolVault private immutable _BOND_VAULT;

    /// @dev Both in one slot: propose reads them together and finalise writes `allocated` into a warm slot.
    struct TokenTotals {
        uint128 funded;
        uint128 allocated;
    }

    bytes32 private _root;
    bytes32 private _pausedRoot;
    bytes32 private _pendingHash;
    State private _state;
    mapping(address token => TokenTotals) private _totals;
    /// @dev Keyed by `keccak256(abi.encode(account, token))`: one hash per claim instead of a nested mapping's two.
    mapping(bytes32 accountToken => uint256) private _claimed;
    mapping(address token => bool) private _allowed;
    /// @dev Tokens allowlisted or ever funded, at most `MAX_TOKENS`: only these can ever be allocated.
    uint256 private _trackedTokenCount;
    DisputeTerms private _disputeTerms;
    Dispute private _dispute;

    /* CONSTRUCTOR */

    /// @param admin The admin (the timelock): manages oracles, threshold, challenge period, guardians and the
    /// token allowlist; unpauses.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param guardians The guardians.
    /// @param oracles The oracles.
    /// @param threshold How many oracle signatures a proposal needs.
    /// @param challengePeriod Seconds a proposal waits before it can be finalised.
    /// @param tokens The tokens allowlisted from the start.
    constructor(
        address admin,
        uint48 adminDelay,
        address[] memory guardians,
        address[] memory oracles,
        uint8 threshold,
        uint32 challengePeriod,
        address[] memory tokens
    ) AccessControlDefaultAdminRules(adminDelay, admin) EIP712("CoherencePayoutDistributor", "1") {
        _VAULT = new PoolVault();
        _BOND_VAULT = new PoolVault();
        for (uint256 i; i < guardians.length; ++i) {
            if (guardians[i] == address(0)) revert PayoutDistributorZeroAddress();
            _grantRole(GUARDIAN_ROLE, guardians[i]);
        }
        _initialOracles(oracles, threshold);
        _setChallengePeriod(challengePeriod);
        for (uint256 i; i < tokens.length; ++i) {
            _setTokenAllowed(tokens[i], true);
        }
        _pendingHash = _NEVER_PROPOSED;
    }

    /* ADMIN AND GUARDIAN */

    /// @inheritdoc IPayoutDistributor
    function setOracle(address oracle, bool enabled) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setOracle(oracle, enabled);
    }

    /// @inheritdoc IPayoutDistributor
    function setThreshold(uint8 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setThreshold(threshold);
    }

    /// @inheritdoc IPayoutDistributor
    function setChallengePeriod(uint32 challengePeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengePeriod(challengePeriod);
    }

    /// @inheritdoc IPayoutDistributor
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTokenAllowed(token, allowed);
    }

    /// @inheritdoc IPayoutDistributor
    function pause() external onlyRole(GUARDIAN_ROLE) {
        if (_state.paused) revert PayoutDistributorPausedUnchanged(true);
        _pausedRoot = _root;
        _root = bytes32(0);
        _state.paused = true;
        emit PausedSet(true);
    }

    /// @inheritdoc IPayoutDistributor
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_state.paused) revert PayoutDistributorPausedUnchanged(false);
        _root = _pausedRoot;
        _state.paused = false;
        emit PausedSet(false);
    }

    /// @inheritdoc IPayoutDistributor
    function veto(string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        State memory s = _state;
        if (s.pendingDeadline == 0) revert PayoutDistributorNoSuchProposal(bytes32(0));
        // A veto of a disputed proposal upholds the dispute, whenever it comes.
        if (s.disputed) return _upholdDispute(s, reason);
        if (block.timestamp >= s.pendingDeadline) revert PayoutDistributorChallengeWindowOver(s.pendingDeadline);
        _state.pendingDeadline = 0;
        emit EpochVetoed(s.proposedEpoch, _pendingHash, msg.sender, reason);
    }

    /// @inheritdoc IPayoutDistributor
    function dispute(string calldata reason) external {
        State memory s = _state;
        if (s.pendingDeadline == 0) revert PayoutDistributorNoSuchProposal(bytes32(0));
        if (block.timestamp >= s.pendingDeadline) revert PayoutDistributorChallengeWindowOver(s.pendingDeadline);
        if (s.disputed) revert PayoutDistributorDisputed(s.proposedEpoch);
        DisputeTerms memory terms = _disputeTerms;
        if (terms.bond == 0) revert PayoutDistributorDisputesDisabled();
        _state.disputed = true;
        _dispute = Dispute(msg.sender, terms.bond, terms.token);
        emit EpochDisputed(s.proposedEpoch, _pendingHash, msg.sender, terms.token, terms.bond, reason);
        SafeTransferLib.safeTransferFrom(terms.token, msg.sender, address(_BOND_VAULT), terms.bond);
    }

    /// @inheritdoc IPayoutDistributor
    function resolveDispute(bool upheld, string calldata reason) external {
        bool governance = hasRole(DEFAULT_ADMIN_ROLE, msg.sender);
        if (!governance && !(upheld && hasRole(GUARDIAN_ROLE, msg.sender))) {
            if (upheld) revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
            revert PayoutDistributorOnlyGovernanceRejects(msg.sender);
        }
        State memory s = _state;
        if (!s.disputed) revert PayoutDistributorNotDisputed();
        if (upheld) return _upholdDispute(s, reason);
        Dispute memory held = _dispute;
        _state.disputed = false;
        delete _dispute;
        emit DisputeResolved(s.proposedEpoch, _pendingHash, msg.sender, false, 0, reason);
        SafeTransferLib.safeTransferFrom(held.token, address(_BOND_VAULT), _disputeTerms.treasury, held.bond);
    }

    /// @inheritdoc IPayoutDistributor
    function setDisputeTerms(DisputeTerms calldata terms) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (terms.bond != 0 && (terms.token == address(0) || terms.treasury == address(0))) {
            revert PayoutDistributorZeroAddress();
        }
        _disputeTerms = terms;
        if (terms.token != address(0)) _BOND_VAULT.approveDistributor(terms.token);
        emit DisputeTermsSet(terms.token, terms.bond, terms.reward, terms.treasury);
    }

    /// @inheritdoc IPayoutDistributor
    function clearExpiredProposal() external {
        State memory s = _state;
        if (s.pendingDeadline == 0) revert PayoutDistributorNoSuchProposal(bytes32(0));
        if (s.disputed) revert PayoutDistributorDisputed(s.proposedEpoch);
        uint256 expiresAt = uint256(s.pendingDeadline) + s.challengePeriod;
        if (block.timestamp < expiresAt) revert PayoutDistributorProposalNotExpired(expiresAt);
        _state.pendingDeadline = 0;
        emit EpochExpired(s.proposedEpoch, _pendingHash);
    }

    /// @inheritdoc IPayoutDistributor
    function revokeFinalisedRoot(
        uint64 restoredEpoch,
        uint64 restoredToBlock,
        bytes32 restoredRoot,
        string calldata reason
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        State memory s = _state;
        if (s.pendingDeadline != 0) revert PayoutDistributorProposalPending(s.proposedEpoch);
        if (restoredEpoch >= s.finalisedEpoch || restoredToBlock >= s.lastToBlock) {
            revert PayoutDistributorNotAnEarlierEpoch(restoredEpoch, restoredToBlock);
        }
        // Epoch 0 is no epoch: nothing to claim against, and the next proposal may start anywhere, as the first did.
        if (restoredEpoch == 0 && (restoredRoot != bytes32(0) || restoredToBlock != 0)) {
            revert PayoutDistributorNotAnEarlierEpoch(restoredEpoch, restoredToBlock);
        }
        // Safe cast: restoredEpoch < finalisedEpoch, a uint32.
        _state.finalisedEpoch = uint32(restoredEpoch);
        _state.lastToBlock = restoredToBlock;
        if (s.paused) _pausedRoot = restoredRoot;
        else _root = restoredRoot;
        emit FinalisedRootRevoked(s.finalisedEpoch, restoredEpoch, restoredRoot, restoredToBlock, reason);
    }

    /// @inheritdoc IPayoutDistributor
    function fund(address token, uint256 amount) external {
        if (!_allowed[token]) revert PayoutDistributorTokenNotAllowed(token);
        TokenTotals storage totals = _totals[token];
        uint256 credited = totals.funded;
        uint256 funded = credited + amount;
        if (funded > type(uint128).max) revert PayoutDistributorAmountTooLarge(funded);
        // The vault holds every credited unit no root has allocated yet; only what it holds beyond them is new.
        uint256 waiting = credited - totals.allocated;
        uint256 held = SafeTransferLib.balanceOf(token, address(_VAULT));
        if (held < waiting + amount) {
            revert PayoutDistributorFundingNotReceived(token, amount, held > waiting ? held - waiting : 0);
        }
        // Safe cast: checked above.
        totals.funded = uint128(funded);
        emit Funded(token, msg.sender, amount, funded);
    }

    /* EPOCHS */

    /// @inheritdoc IPayoutDistributor
    function propose(EpochProposal calldata proposal, CompactSignature[] calldata signatures)
        external
        returns (bytes32 proposalHash)
    {
        State memory s = _loadState();
        if (s.pendingDeadline != 0) revert PayoutDistributorProposalPending(s.proposedEpoch);
        if (proposal.payoutRoot == bytes32(0)) revert PayoutDistributorZeroRoot();
        _checkSequence(proposal, s);
        _checkTotals(proposal, s.allocatedTokenCount);

        proposalHash = hashProposal(proposal);
        address[] memory signers = _recoverQuorum(_hashTypedDataV4(proposalHash), signatures, s);

        // Safe casts: a uint40 timestamp lasts until the year 36,812; `_checkSequence` stops epochs at 2^32 - 1.
        uint40 deadline = uint40(block.timestamp) + s.challengePeriod;
        s.pendingDeadline = deadline;
        s.proposedEpoch = uint32(proposal.epoch);
        _storeState(s);
        _pendingHash = proposalHash;
        _emitProposed(proposal, proposalHash, deadline, signers);
    }

    /// @inheritdoc IPayoutDistributor
    function finalise(EpochProposal calldata proposal) external {
        State memory s = _loadState();
        bytes32 proposalHash = hashProposal(proposal);
        if (s.pendingDeadline == 0 || proposalHash != _pendingHash) {
            revert PayoutDistributorNoSuchProposal(proposalHash);
        }
        if (block.timestamp < s.pendingDeadline) revert PayoutDistributorChallengeWindowOpen(s.pendingDeadline);
        if (s.disputed) revert PayoutDistributorDisputed(s.proposedEpoch);

        uint256 count = proposal.tokens.length;
        for (uint256 i; i < count; ++i) {
            address token = proposal.tokens[i];
            TokenTotals storage totals = _totals[token];
            uint256 total = proposal.totals[i];
            uint256 allocated = totals.allocated;
            if (total == allocated) continue;
            if (allocated == 0) ++s.allocatedTokenCount;
            // Safe cast: propose checked total <= funded, a uint128.
            totals.allocated = uint128(total);
            // Cannot underflow: propose checked that totals never decrease.
            unchecked {
                SafeTransferLib.safeTransferFrom(token, address(_VAULT), address(this), total - allocated);
            }
        }

        // Safe cast: the epoch was checked against a uint32 when proposed.
        s.finalisedEpoch = uint32(proposal.epoch);
        s.lastToBlock = proposal.toBlock;
        s.pendingDeadline = 0;
        _storeState(s);
        if (s.paused) _pausedRoot = proposal.payoutRoot;
        else _root = proposal.payoutRoot;
        emit EpochFinalised(proposal.epoch, proposalHash);
    }

    /* CLAIMS */

    /// @inheritdoc IPayoutDistributor
    function claim(address account, address token, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256 amount)
    {
        amount = _recordClaim(account, token, cumulativeAmount, proof);
        emit Claimed(account, token, amount);
        SafeTransferLib.safeTransfer(token, account, amount);
    }

    /// @inheritdoc IPayoutDistributor
    function claimBatch(
        address account,
        address[] calldata tokens,
        uint256[] calldata cumulativeAmounts,
        bytes32[][] calldata proofs
    ) external {
        uint256 count = tokens.length;
        if (count != cumulativeAmounts.length || count != proofs.length) revert PayoutDistributorLengthMismatch();
        for (uint256 i; i < count; ++i) {
            address token = tokens[i];
            uint256 amount = _recordClaim(account, token, cumulativeAmounts[i], proofs[i]);
            emit Claimed(account, token, amount);
            SafeTransferLib.safeTransfer(token, account, amount);
        }
    }

    /// @inheritdoc IPayoutDistributor
    function claimWithSig(
        address account,
        address token,
        uint256 cumulativeAmount,
        bytes32[] calldata proof,
        address recipient,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 amount) {
        if (block.timestamp > deadline) revert PayoutDistributorExpiredSignature(deadline);
        if (recipient == address(0)) revert PayoutDistributorZeroAddress();
        bytes32 digest = _claimDigest(account, token, cumulativeAmount, recipient, deadline);
        if (!SignatureChecker.isValidSignatureNow(account, digest, signature)) {
            revert PayoutDistributorInvalidClaimSignature(account);
        }
        amount = _recordClaim(account, token, cumulativeAmount, proof);
        emit ClaimedTo(account, token, recipient, amount);
        SafeTransferLib.safeTransfer(token, recipient, amount);
    }

    /* VIEWS */

    /// @inheritdoc IPayoutDistributor
    function root() external view returns (bytes32) {
        return _root;
    }

    /// @inheritdoc IPayoutDistributor
    function finalisedRoot() external view returns (bytes32) {
        return _state.paused ? _pausedRoot : _root;
    }

    /// @inheritdoc IPayoutDistributor
    function finalisedEpoch() external view returns (uint64 epoch, uint64 toBlock) {
        return (_state.finalisedEpoch, _state.lastToBlock);
    }

    /// @inheritdoc IPayoutDistributor
    function pendingProposal() external view returns (uint64 epoch, bytes32 proposalHash, uint64 challengeDeadline) {
        State memory s = _state;
        if (s.pendingDeadline == 0) return (0, bytes32(0), 0);
        return (s.proposedEpoch, _pendingHash, s.pendingDeadline);
    }

    /// @inheritdoc IPayoutDistributor
    function nextEpoch() external view returns (uint64) {
        return uint64(_state.proposedEpoch) + 1;
    }

    /// @inheritdoc IPayoutDistributor
    function hashProposal(EpochProposal calldata proposal) public pure returns (bytes32 structHash) {
        address[] calldata tokens = proposal.tokens;
        uint256[] calldata totals = proposal.totals;
        bytes32 typeHash = _PROPOSAL_TYPEHASH;
        // EIP-712 hashes an array of atomic values as the keccak of their concatenated 32-byte words, which is
        // exactly their calldata; copying it in one go skips abi.encodePacked's per-element loop. A token word with
        // dirty upper bits would hash differently from its address, so no oracle signature could match it.
        // Everything is written from the free memory pointer on without moving it: nothing outlives the hash.
        assembly ("memory-safe") {
            let m := mload(_FREE_MEMORY_POINTER)
            let tokensBytes := shl(_WORD_SHIFT, tokens.length)
            // Copy the `tokens` words, to hash them.
            calldatacopy(m, tokens.offset, tokensBytes)
            let tokensHash := keccak256(m, tokensBytes)
            let totalsBytes := shl(_WORD_SHIFT, totals.length)
            // Copy the `totals` words over them, to hash them.
            calldatacopy(m, totals.offset, totalsBytes)
            let totalsHash := keccak256(m, totalsBytes)
            // Store the type hash, overwriting the copied words: `encodeData` starts here.
            mstore(add(m, _ENCODED_PROPOSAL_TYPEHASH), typeHash)
            // Copy `epoch` to `manifestHash` in one go, after the type hash.
            calldatacopy(add(m, _ENCODED_PROPOSAL_STATIC_FIELDS), proposal, _PROPOSAL_STATIC_FIELDS_SIZE)
            // Store the hash of `tokens` in the member's place.
            mstore(add(m, _ENCODED_PROPOSAL_TOKENS_HASH), tokensHash)
            // Store the hash of `totals` in the member's place.
            mstore(add(m, _ENCODED_PROPOSAL_TOTALS_HASH), totalsHash)
            structHash := keccak256(m, _ENCODED_PROPOSAL_SIZE)
        }
    }

    /// @inheritdoc IPayoutDistributor
    function proposalDigest(EpochProposal calldata proposal) external view returns (bytes32) {
        return _hashTypedDataV4(hashProposal(proposal));
    }

    /// @inheritdoc IPayoutDistributor
    function claimed(address account, address token) external view returns (uint256) {
        // The key `_leafAndKey` hashes on the claim path, without the leaf a view has no use for.
        return _claimed[keccak256(abi.encode(account, token))];
    }

    /// @inheritdoc IPayoutDistributor
    function tokenTotals(address token) external view returns (uint256 funded, uint256 allocated) {
        TokenTotals memory totals = _totals[token];
        return (totals.funded, totals.allocated);
    }

    /// @inheritdoc IPayoutDistributor
    function isTokenAllowed(address token) external view returns (bool) {
        return _allowed[token];
    }

    /// @inheritdoc IPayoutDistributor
    function trackedTokenCount() external view returns (uint256) {
        return _trackedTokenCount;
    }

    /// @inheritdoc IPayoutDistributor
    function vault() external view returns (address) {
        return address(_VAULT);
    }

    /// @inheritdoc IPayoutDistributor
    function bondVault() external view returns (address) {
        return address(_BOND_VAULT);
    }

    /// @inheritdoc IPayoutDistributor
    function disputeTerms() external view returns (DisputeTerms memory) {
        return _disputeTerms;
    }

    /// @inheritdoc IPayoutDistributor
    function pendingDispute() external view returns (address disputer, address token, uint256 bond) {
        Dispute memory held = _dispute;
        return (held.disputer, held.token, held.bond);
    }

    /// @inheritdoc IPayoutDistributor
    function isOracle(address account) external view returns (bool) {
        (bool found,) = OracleRoster.find(_roster(), account);
        return found;
    }

    /// @inheritdoc IPayoutDistributor
    function oracleConfig() external view returns (uint8 oracleCount, uint8 threshold, uint32 challengePeriod) {
        State memory s = _state;
        return (s.oracleCount, s.threshold, s.challengePeriod);
    }

    /// @inheritdoc IPayoutDistributor
    function paused() external view returns (bool) {
        return _state.paused;
    }

    /// @inheritdoc IPayoutDistributor
    function nonces(address account) public view override(IPayoutDistributor, Nonces) returns (uint256) {
        return super.nonces(account);
    }

    /* INTERNAL */

    /// @dev Checks the leaf and records the claim; the caller emits and pays, after this state change.
    function _recordClaim(address account, address token, uint256 cumulativeAmount, bytes32[] calldata proof)
        private
        returns (uint256 amount)
    {
        bytes32 activeRoot = _root;
        if (activeRoot == bytes32(0)) {
            if (_state.paused) revert PayoutDistributorPaused();
            revert PayoutDistributorNoRoot();
        }
        (bytes32 leaf, bytes32 key) = _leafAndKey(account, token, cumulativeAmount);
        if (!MerkleProofLib.verifyCalldata(proof, activeRoot, leaf)) {
            revert PayoutDistributorInvalidProof(account, token, cumulativeAmount);
        }
        uint256 alreadyClaimed = _claimed[key];
        if (cumulativeAmount <= alreadyClaimed) {
            revert PayoutDistributorNothingToClaim(account, token, cumulativeAmount, alreadyClaimed);
        }
        _claimed[key] = cumulativeAmount;
        // Cannot underflow: checked just above.
        unchecked {
            amount = cumulativeAmount - alreadyClaimed;
        }
    }

    /// @dev The leaf of OpenZeppelin's StandardMerkleTree, `keccak256(keccak256(abi.encode(account, token, amount)))`
    /// (hashed twice so that no leaf can pass for a 64-byte inner node), and the claimed-amount key,
    /// `keccak256(abi.encode(account, token))`, from the same two words. Hashed in scratch space (borrowing the free
    /// memory pointer's slot and restoring it) so a claim never expands memory for them.
    function _leafAndKey(address account, address token, uint256 cumulativeAmount)
        private
        pure
        returns (bytes32 leaf, bytes32 key)
    {
        assembly ("memory-safe") {
            let freeMemoryPointer := mload(_FREE_MEMORY_POINTER)
            // Store the account and the token, one word each with their upper bits cleared: their ABI encoding.
            mstore(_LEAF_ACCOUNT, and(account, _ADDRESS_MASK))
            mstore(_LEAF_TOKEN, and(token, _ADDRESS_MASK))
            key := keccak256(_LEAF_ACCOUNT, _KEY_PREIMAGE_SIZE)
            // Store the amount after them; this overwrites the free memory pointer, restored below.
            mstore(_LEAF_AMOUNT, cumulativeAmount)
            // Store the first hash over the account, where the second hash reads it.
            mstore(_LEAF_INNER_HASH, keccak256(_LEAF_ACCOUNT, _LEAF_PREIMAGE_SIZE))
            leaf := keccak256(_LEAF_INNER_HASH, _LEAF_INNER_HASH_SIZE)
            // Restore the free memory pointer.
            mstore(_FREE_MEMORY_POINTER, freeMemoryPointer)
        }
    }

    /// @dev `emit EpochProposed(proposalHash, proposal, deadline, signers)`, encoded by hand: the
    /// compiler's encoder re-validates and copies the calldata proposal field by field, which costs a proposal about
    /// 2,000 gas more. The static fields and the arrays are copied as the words `hashProposal` hashed, so the event
    /// carries exactly the data the oracles signed.
    function _emitProposed(
        EpochProposal calldata proposal,
        bytes32 proposalHash,
        uint40 deadline,
        address[] memory signers
    ) private {
        bytes32 topic0 = EpochProposed.selector;
        address[] calldata tokens = proposal.tokens;
        uint256[] calldata totals = proposal.totals;
        // Written from the free memory pointer on without moving it: the log is its only reader.
        assembly ("memory-safe") {
            let m := mload(_FREE_MEMORY_POINTER)
            mstore(m, _PROPOSED_PROPOSAL_OFFSET) // Store the proposal's offset.
            mstore(add(m, _PROPOSED_DEADLINE), deadline) // Store the deadline.
            let p := add(m, _PROPOSED_PROPOSAL_OFFSET)
            // Copy `epoch` to `manifestHash` in one go.
            calldatacopy(p, proposal, _PROPOSAL_STATIC_FIELDS_SIZE)
            // Store the offset of `tokens`, then its length and copy its words.
            mstore(add(p, _ENCODED_TOKENS_OFFSET_WORD), _ENCODED_TOKENS)
            let tokensBytes := shl(_WORD_SHIFT, tokens.length)
            mstore(add(p, _ENCODED_TOKENS), tokens.length)
            calldatacopy(add(p, add(_ENCODED_TOKENS, 0x20)), tokens.offset, tokensBytes)
            // Store the offset of `totals`, after the tokens, then its length and copy its words.
            let totalsOffset := add(_ENCODED_TOKENS, add(0x20, tokensBytes))
            mstore(add(p, _ENCODED_TOTALS_OFFSET_WORD), totalsOffset)
            let totalsBytes := shl(_WORD_SHIFT, totals.length)
            mstore(add(p, totalsOffset), totals.length)
            calldatacopy(add(p, add(totalsOffset, 0x20)), totals.offset, totalsBytes)
            // Store the signers' offset, after the proposal, and copy their length word and words.
            let signersAt := add(p, add(totalsOffset, add(0x20, totalsBytes)))
            mstore(add(m, _PROPOSED_SIGNERS_OFFSET_WORD), sub(signersAt, m))
            let signersBytes := shl(_WORD_SHIFT, add(mload(signers), 1))
            mcopy(signersAt, signers, signersBytes)
            log2(m, sub(add(signersAt, signersBytes), m), topic0, proposalHash)
        }
    }

    /// @dev Consumes the account's nonce: a signature authorises exactly one claim.
    function _claimDigest(address account, address token, uint256 cumulativeAmount, address recipient, uint256 deadline)
        private
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(_CLAIM_TYPEHASH, account, token, cumulativeAmount, recipient, _useNonce(account), deadline)
            )
        );
    }

    function _checkSequence(EpochProposal calldata proposal, State memory s) private pure {
        // Numbers advance with every proposal, so a vetoed proposal's signatures can never be replayed: the next
        // proposal needs a new number, and so new signatures.
        if (s.proposedEpoch == type(uint32).max) revert PayoutDistributorEpochsExhausted();
        uint64 expectedEpoch = uint64(s.proposedEpoch) + 1;
        if (proposal.epoch != expectedEpoch) revert PayoutDistributorWrongEpoch(proposal.epoch, expectedEpoch);
        // The first epoch may start anywhere (the deployment block is not known in advance on every chain);
        // every later one starts right after the last finalised one, so no block is covered twice or skipped.
        uint64 expectedFrom = s.finalisedEpoch == 0 ? proposal.fromBlock : s.lastToBlock + 1;
        if (
            proposal.fromBlock != expectedFrom || proposal.toBlock < proposal.fromBlock
                || proposal.toBlock == type(uint64).max
        ) {
            revert PayoutDistributorWrongBlockRange(proposal.fromBlock, proposal.toBlock, expectedFrom);
        }
    }

    /// @dev Tokens must be strictly ascending (so distinct) and include every token allocated before, as leaves are
    /// cumulative: a root without a token would strand its unclaimed balances.
    function _checkTotals(EpochProposal calldata proposal, uint32 allocatedTokenCount) private view {
        uint256 count = proposal.tokens.length;
        if (count != proposal.totals.length) revert PayoutDistributorLengthMismatch();
        address previous;
        uint256 listedAllocated;
        for (uint256 i; i < count; ++i) {
            address token = proposal.tokens[i];
            if (token <= previous) revert PayoutDistributorBadTokenList();
            previous = token;
            TokenTotals memory totals = _totals[token];
            uint256 total = proposal.totals[i];
            if (total > totals.funded) revert PayoutDistributorTotalExceedsFunding(token, total, totals.funded);
            if (total < totals.allocated) revert PayoutDistributorTotalDecreased(token, total, totals.allocated);
            if (totals.allocated != 0) ++listedAllocated;
        }
        if (listedAllocated != allocatedTokenCount) revert PayoutDistributorBadTokenList();
    }

    /// @dev Signers must be ascending, which proves them distinct, and lets one pass over the (ascending) oracle set
    /// check them all.
    function _recoverQuorum(bytes32 digest, CompactSignature[] calldata signatures, State memory s)
        private
        view
        returns (address[] memory signers)
    {
        uint256 count = signatures.length;
        if (count < s.threshold) revert PayoutDistributorInsufficientSignatures(count, s.threshold);
        uint256 oracleCount = s.oracleCount;
        bytes memory roster = OracleRoster.read(s.oracleSetVersion, oracleCount);
        signers = new address[](count);
        address previous;
        uint256 cursor;
        for (uint256 i; i < count; ++i) {
            address signer = ECDSA.tryRecover(digest, signatures[i].r, signatures[i].vs);
            if (signer <= previous) revert PayoutDistributorInvalidSigner(signer);
            while (cursor < oracleCount && OracleRoster.at(roster, cursor) < signer) {
                ++cursor;
            }
            if (cursor == oracleCount || OracleRoster.at(roster, cursor) != signer) {
                revert PayoutDistributorInvalidSigner(signer);
            }
            signers[i] = signer;
            previous = signer;
        }
    }

    /// @dev The constructor's oracles, in any order: each is checked and announced as `setOracle` would.
    function _initialOracles(address[] memory oracles, uint8 threshold) private {
        uint256 count = oracles.length;
        address[] memory sorted = new address[](count);
        for (uint256 i; i < count; ++i) {
            address oracle = oracles[i];
            if (oracle == address(0)) revert PayoutDistributorZeroAddress();
            // Insertion sort: a handful of oracles, once.
            uint256 j = i;
            while (j > 0 && sorted[j - 1] > oracle) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            if (j > 0 && sorted[j - 1] == oracle) revert PayoutDistributorOracleUnchanged(oracle);
            sorted[j] = oracle;
            emit OracleSet(oracle, true);
        }
        _writeOracles(sorted, threshold);
        emit ThresholdSet(threshold);
    }

    function _setOracle(address oracle, bool enabled) private {
        if (oracle == address(0)) revert PayoutDistributorZeroAddress();
        bytes memory roster = _roster();
        (bool found, uint256 index) = OracleRoster.find(roster, oracle);
        if (found == enabled) revert PayoutDistributorOracleUnchanged(oracle);
        address[] memory current = OracleRoster.oracles(roster);
        uint256 count = current.length;
        address[] memory next = new address[](enabled ? count + 1 : count - 1);
        for (uint256 i; i < next.length; ++i) {
            if (i < index) next[i] = current[i];
            else if (enabled) next[i] = i == index ? oracle : current[i - 1];
            else next[i] = current[i + 1];
        }
        uint8 threshold = _state.threshold;
        if (next.length < threshold) revert PayoutDistributorInvalidThreshold(threshold, next.length);
        _writeOracles(next, threshold);
        emit OracleSet(oracle, enabled);
    }

    function _setThreshold(uint8 threshold) private {
        _writeOracles(OracleRoster.oracles(_roster()), threshold);
        emit ThresholdSet(threshold);
    }

    /// @dev Writes the next oracle set version and makes it the one in force.
    function _writeOracles(address[] memory sortedOracles, uint8 threshold) private {
        uint256 count = sortedOracles.length;
        if (count > type(uint8).max) revert PayoutDistributorTooManyOracles(count);
        if (threshold == 0 || threshold > count) revert PayoutDistributorInvalidThreshold(threshold, count);
        uint16 version = _state.oracleSetVersion;
        if (version == type(uint16).max) revert PayoutDistributorOracleSetsExhausted();
        ++version;
        OracleRoster.write(version, sortedOracles);
        _state.oracleSetVersion = version;
        // Safe cast: checked above.
        _state.oracleCount = uint8(count);
        _state.threshold = threshold;
    }

    /// @dev Vetoes the disputed proposal and pays the disputer its bond back and the reward, as far as the bond
    /// vault's reserve (what it holds beyond the bond) goes.
    function _upholdDispute(State memory s, string calldata reason) private {
        Dispute memory held = _dispute;
        bytes32 proposalHash = _pendingHash;
        uint256 inVault = SafeTransferLib.balanceOf(held.token, address(_BOND_VAULT));
        uint256 reserve = inVault > held.bond ? inVault - held.bond : 0;
        uint256 reward = _disputeTerms.token == held.token ? _disputeTerms.reward : 0;
        if (reward > reserve) reward = reserve;
        _state.pendingDeadline = 0;
        _state.disputed = false;
        delete _dispute;
        emit EpochVetoed(s.proposedEpoch, proposalHash, msg.sender, reason);
        emit DisputeResolved(s.proposedEpoch, proposalHash, msg.sender, true, reward, reason);
        SafeTransferLib.safeTransferFrom(held.token, address(_BOND_VAULT), held.disputer, held.bond + reward);
    }

    /// @dev `_state`, read with one `SLOAD`.
    function _loadState() private view returns (State memory s) {
        assembly ("memory-safe") {
            let word := sload(_state.slot)
            mstore(s, and(shr(_FINALISED_EPOCH_BIT, word), _MASK_32))
            mstore(add(s, 0x20), and(shr(_PROPOSED_EPOCH_BIT, word), _MASK_32))
            mstore(add(s, 0x40), and(shr(_LAST_TO_BLOCK_BIT, word), _MASK_64))
            mstore(add(s, 0x60), and(shr(_PENDING_DEADLINE_BIT, word), _MASK_40))
            mstore(add(s, 0x80), and(shr(_CHALLENGE_PERIOD_BIT, word), _MASK_32))
            mstore(add(s, 0xa0), and(shr(_ORACLE_COUNT_BIT, word), _MASK_8))
            mstore(add(s, 0xc0), and(shr(_THRESHOLD_BIT, word), _MASK_8))
            mstore(add(s, 0xe0), and(shr(_ORACLE_SET_VERSION_BIT, word), _MASK_16))
            mstore(add(s, 0x100), and(shr(_PAUSED_BIT, word), _MASK_8))
            mstore(add(s, 0x120), and(shr(_ALLOCATED_TOKEN_COUNT_BIT, word), _MASK_8))
            mstore(add(s, 0x140), and(shr(_DISPUTED_BIT, word), _MASK_8))
        }
    }

    /// @dev Writes `s` to `_state` with one `SSTORE`. Every member of `s` must fit its type: each is masked anyway.
    function _storeState(State memory s) private {
        assembly ("memory-safe") {
            let word := shl(_FINALISED_EPOCH_BIT, and(mload(s), _MASK_32))
            word := or(word, shl(_PROPOSED_EPOCH_BIT, and(mload(add(s, 0x20)), _MASK_32)))
            word := or(word, shl(_LAST_TO_BLOCK_BIT, and(mload(add(s, 0x40)), _MASK_64)))
            word := or(word, shl(_PENDING_DEADLINE_BIT, and(mload(add(s, 0x60)), _MASK_40)))
            word := or(word, shl(_CHALLENGE_PERIOD_BIT, and(mload(add(s, 0x80)), _MASK_32)))
            word := or(word, shl(_ORACLE_COUNT_BIT, and(mload(add(s, 0xa0)), _MASK_8)))
            word := or(word, shl(_THRESHOLD_BIT, and(mload(add(s, 0xc0)), _MASK_8)))
            word := or(word, shl(_ORACLE_SET_VERSION_BIT, and(mload(add(s, 0xe0)), _MASK_16)))
            word := or(word, shl(_PAUSED_BIT, and(mload(add(s, 0x100)), _MASK_8)))
            word := or(word, shl(_ALLOCATED_TOKEN_COUNT_BIT, and(mload(add(s, 0x120)), _MASK_8)))
            word := or(word, shl(_DISPUTED_BIT, and(mload(add(s, 0x140)), _MASK_8)))
            sstore(_state.slot, word)
        }
    }

    function _roster() private view returns (bytes memory) {
        State memory s = _state;
        return OracleRoster.read(s.oracleSetVersion, s.oracleCount);
    }

    function _setTokenAllowed(address token, bool allowed) private {
        if (token == address(0)) revert PayoutDistributorZeroAddress();
        if (_allowed[token] == allowed) revert PayoutDistributorTokenUnchanged(token);
        // A token counts while it is allowlisted or has ever been funded (funding needs the allowlist and never
        // goes back), so only a token that was never funded enters or leaves the count here.
        if (_totals[token].funded == 0) {
            if (!allowed) {
                --_trackedTokenCount;
            } else if (_trackedTokenCount == MAX_TOKENS) {
                revert PayoutDistributorTooManyTokens(MAX_TOKENS);
            } else {
                ++_trackedTokenCount;
            }
        }
        _allowed[token] = allowed;
        if (allowed) _VAULT.approveDistributor(token);
        emit TokenAllowedSet(token, allowed);
    }

    function _setChallengePeriod(uint32 challengePeriod) private {
        if (challengePeriod < MIN_CHALLENGE_PERIOD || challengePeriod > MAX_CHALLENGE_PERIOD) {
            revert PayoutDistributorInvalidChallengePeriod(challengePeriod);
        }
        _state.challengePeriod = challengePeriod;
        emit ChallengePeriodSet(challengePeriod);
    }
}
