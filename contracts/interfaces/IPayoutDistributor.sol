// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPayoutDistributor
/// @notice The Merkle payout pool. Leaves are cumulative and multi-token, `(account, token, cumulativeAmount)`,
/// hashed as OpenZeppelin's StandardMerkleTree does. An epoch's root is proposed with a quorum of EIP-712
/// signatures of registered oracles, waits out a challenge window (in seconds) during which any guardian may veto
/// it, and is then finalised by anyone. Claims pay `cumulativeAmount - claimed` against the latest finalised root.
/// Funding waits in the pool vault until a finalised root allocates it, so the distributor holds only what finalised
/// roots allocated: per token, claims can never take more than the finalised total, whatever a root says.
/// Only allowlisted tokens can be funded, and at most `MAX_TOKENS` tokens are ever tracked, so an epoch always fits
/// in a block.
/// @dev Epoch numbers count proposals: each proposal takes the number after the last one proposed, and a vetoed
/// number is never reused, so the vetoed proposal's public signatures can never be replayed. Finalised epochs are
/// therefore ascending but may skip vetoed numbers; their block ranges are contiguous.
interface IPayoutDistributor {
    /// @notice An epoch's data, as the oracles sign it (EIP-712 type `EpochProposal`).
    /// @param epoch The epoch number: one more than the last proposed epoch (see `nextEpoch`).
    /// @param fromBlock First block of the chain data the epoch covers.
    /// @param toBlock Last block of the chain data the epoch covers.
    /// @param payoutRoot Root of the cumulative payout tree.
    /// @param scoresRoot Root of the tree of the epoch's coherence scores.
    /// @param manifestHash Hash of the published epoch manifest.
    /// @param tokens The tokens of the payout tree, strictly ascending.
    /// @param totals Per token, the sum of all cumulative leaves.
    struct EpochProposal {
        uint64 epoch;
        uint64 fromBlock;
        uint64 toBlock;
        bytes32 payoutRoot;
        bytes32 scoresRoot;
        bytes32 manifestHash;
        address[] tokens;
        uint256[] totals;
    }

    /// @notice What disputing a pending root costs and pays, set by governance.
    /// @param token The token bonds are posted in.
    /// @param bond The bond a dispute posts; zero disables disputes.
    /// @param reward What an upheld dispute earns besides its bond back, paid from the bond vault's reserve (what it
    /// holds beyond the bond at stake; the treasury tops it up) as far as the reserve goes.
    /// @param treasury Where the bond of a rejected dispute goes.
    struct DisputeTerms {
        address token;
        uint96 bond;
        uint96 reward;
        address treasury;
    }

    /// @notice A 64-byte ERC-2098 signature.
    struct CompactSignature {
        bytes32 r;
        bytes32 vs;
    }

    /// @notice Emitted when a quorum proposes an epoch. The epoch number is `proposal.epoch` (not a topic: every
    /// topic costs each proposal 375 gas; filter by `proposalHash`, which `EpochVetoed`, `EpochExpired` and
    /// `EpochFinalised` index too).
    /// @param proposalHash The EIP-712 struct hash of the proposal; `finalise` must re-send the same data.
    /// @param proposal The epoch data.
    /// @param challengeDeadline Timestamp from which the proposal can be finalised.
    /// @param signers The oracles whose signatures made the quorum, ascending.
    event EpochProposed(
        bytes32 indexed proposalHash,
        EpochProposal proposal,
        uint64 challengeDeadline,
        address[] signers
    );

    /// @notice Emitted when a guardian vetoes a pending proposal.
    event EpochVetoed(uint64 indexed epoch, bytes32 indexed proposalHash, address indexed guardian, string reason);

    /// @notice Emitted when someone disputes the pending proposal: it cannot be finalised until the dispute is
    /// resolved.
    event EpochDisputed(
        uint64 indexed epoch,
        bytes32 indexed proposalHash,
        address indexed disputer,
        address token,
        uint256 bond,
        string reason
    );

    /// @notice Emitted when a dispute is resolved: upheld (the proposal is vetoed, the disputer gets its bond back and
    /// `reward`) or rejected (the bond goes to the treasury and the proposal may be finalised).
    event DisputeResolved(
        uint64 indexed epoch,
        bytes32 indexed proposalHash,
        address indexed resolver,
        bool upheld,
        uint256 reward,
        string reason
    );

    /// @notice Emitted when governance sets the dispute terms.
    event DisputeTermsSet(address indexed token, uint256 bond, uint256 reward, address treasury);

    /// @notice Emitted when governance revokes finalised epochs back to an earlier one: claims are checked against
    /// `restoredRoot` from now on and the next proposal starts after `restoredToBlock`.
    /// @param revokedEpoch The latest finalised epoch before the revocation.
    /// @param restoredEpoch The epoch whose root claims are checked against again (0: none, claims wait).
    /// @param restoredRoot That epoch's payout root, as governance named it; anyone checks it against
    /// `EpochProposed` and `EpochFinalised` while the timelock holds the change.
    /// @param restoredToBlock That epoch's last block.
    /// @param reason Why, for the record.
    event FinalisedRootRevoked(
        uint64 indexed revokedEpoch,
        uint64 indexed restoredEpoch,
        bytes32 restoredRoot,
        uint64 restoredToBlock,
        string reason
    );

    /// @notice Emitted when a pending proposal nobody finalised for a challenge period after its deadline is cleared.
    event EpochExpired(uint64 indexed epoch, bytes32 indexed proposalHash);

    /// @notice Emitted when a proposal is finalised; its root (in its `EpochProposed`) is the one claims use from now
    /// on.
    event EpochFinalised(uint64 indexed epoch, bytes32 indexed proposalHash);

    /// @notice Emitted for every claim paid to the account itself. The account's cumulative claimed amount is the
    /// sum of its `Claimed` and `ClaimedTo` amounts (and `claimed(account, token)`).
    /// @param account The leaf's account, which received the payment.
    /// @param token The token paid.
    /// @param amount The amount paid now.
    event Claimed(address indexed account, address indexed token, uint256 amount);

    /// @notice Emitted for every claim paid to another recipient on the account's signature.
    /// @param account The leaf's account, which signed.
    /// @param token The token paid.
    /// @param recipient Who received the payment.
    /// @param amount The amount paid now.
    event ClaimedTo(address indexed account, address indexed token, address indexed recipient, uint256 amount);

    /// @notice Emitted when pool funds that arrived in the vault are credited (by the revenue router, or anyone).
    event Funded(address indexed token, address indexed funder, uint256 amount, uint256 totalFunded);

    /// @notice Emitted when a token is added to or removed from the allowlist.
    event TokenAllowedSet(address indexed token, bool allowed);

    /// @notice Emitted when an oracle is added or removed.
    event OracleSet(address indexed oracle, bool enabled);

    /// @notice Emitted when the signature threshold changes.
    event ThresholdSet(uint8 threshold);

    /// @notice Emitted when the challenge period changes.
    event ChallengePeriodSet(uint32 challengePeriod);

    /// @notice Emitted when claims are paused or unpaused.
    event PausedSet(bool paused);

    /// @notice No finalised root yet.
    error PayoutDistributorNoRoot();
    /// @notice Claims are paused.
    error PayoutDistributorPaused();
    /// @notice The proof does not prove the leaf under the current root.
    error PayoutDistributorInvalidProof(address account, address token, uint256 cumulativeAmount);
    /// @notice The account has already claimed this cumulative amount (or more).
    error PayoutDistributorNothingToClaim(address account, address token, uint256 cumulativeAmount, uint256 claimed);
    /// @notice Array arguments differ in length.
    error PayoutDistributorLengthMismatch();
    /// @notice The signed claim's deadline has passed.
    error PayoutDistributorExpiredSignature(uint256 deadline);
    /// @notice The claim signature is not the account's.
    error PayoutDistributorInvalidClaimSignature(address account);
    /// @notice The recipient is the zero address.
    error PayoutDistributorZeroAddress();
    /// @notice A proposal is pending already.
    error PayoutDistributorProposalPending(uint64 epoch);
    /// @notice No proposal is pending, or the one given is not it.
    error PayoutDistributorNoSuchProposal(bytes32 proposalHash);
    /// @notice The epoch is not the one after the last proposed epoch.
    error PayoutDistributorWrongEpoch(uint64 epoch, uint64 expected);
    /// @notice The block range does not start right after the last finalised one, is empty, or ends at 2^64 - 1.
    error PayoutDistributorWrongBlockRange(uint64 fromBlock, uint64 toBlock, uint64 expectedFrom);
    /// @notice The payout root is zero, which no tree has.
    error PayoutDistributorZeroRoot();
    /// @notice Tokens are not strictly ascending, or the proposal omits a token allocated before.
    error PayoutDistributorBadTokenList();
    /// @notice A total exceeds the token's funding.
    error PayoutDistributorTotalExceedsFunding(address token, uint256 total, uint256 funded);
    /// @notice A total is below the token's previously finalised total; cumulative totals never decrease.
    error PayoutDistributorTotalDecreased(address token, uint256 total, uint256 previous);
    /// @notice Fewer valid signatures than the threshold.
    error PayoutDistributorInsufficientSignatures(uint256 count, uint256 threshold);
    /// @notice A signer is not an oracle, or signers are not strictly ascending (which also rules out repeats).
    error PayoutDistributorInvalidSigner(address signer);
    /// @notice The challenge window is over, so the proposal can no longer be vetoed.
    error PayoutDistributorChallengeWindowOver(uint64 deadline);
    /// @notice The challenge window is still open.
    error PayoutDistributorChallengeWindowOpen(uint64 deadline);
    /// @notice An amount overflows the 128-bit token accounting.
    error PayoutDistributorAmountTooLarge(uint256 amount);
    /// @notice The oracle is already in the state requested.
    error PayoutDistributorOracleUnchanged(address oracle);
    /// @notice The threshold is zero, above the oracle count, or would become so.
    error PayoutDistributorInvalidThreshold(uint256 threshold, uint256 oracleCount);
    /// @notice The challenge period is outside its bounds.
    error PayoutDistributorInvalidChallengePeriod(uint256 challengePeriod);
    /// @notice The paused state is already the one requested.
    error PayoutDistributorPausedUnchanged(bool paused);
    /// @notice The token is not on the allowlist.
    error PayoutDistributorTokenNotAllowed(address token);
    /// @notice The token is already in the allowlist state requested.
    error PayoutDistributorTokenUnchanged(address token);
    /// @notice Allowlisting the token would track more than `MAX_TOKENS` tokens.
    error PayoutDistributorTooManyTokens(uint256 max);
    /// @notice The vault holds less unaccounted `token` than the funding to credit.
    error PayoutDistributorFundingNotReceived(address token, uint256 amount, uint256 available);
    /// @notice A revocation restores an epoch that is not earlier than the latest finalised one, or a last block not
    /// earlier than that epoch's.
    error PayoutDistributorNotAnEarlierEpoch(uint64 restoredEpoch, uint64 restoredToBlock);
    /// @notice The pending proposal can still be finalised; it can be cleared from `expiresAt` on.
    error PayoutDistributorProposalNotExpired(uint256 expiresAt);
    /// @notice More than 255 oracles.
    error PayoutDistributorTooManyOracles(uint256 count);
    /// @notice Disputes are disabled (no bond is set).
    error PayoutDistributorDisputesDisabled();
    /// @notice The pending proposal is disputed: it waits for the dispute's resolution.
    error PayoutDistributorDisputed(uint64 epoch);
    /// @notice The pending proposal is not disputed.
    error PayoutDistributorNotDisputed();
    /// @notice Only governance may reject a dispute (guardians may only uphold one).
    error PayoutDistributorOnlyGovernanceRejects(address caller);
    /// @notice All 65,535 oracle set versions have been used.
    error PayoutDistributorOracleSetsExhausted();
    /// @notice All 2^32 - 1 epoch numbers have been used.
    error PayoutDistributorEpochsExhausted();

    /// @notice Proposes an epoch with a quorum of oracle signatures over its EIP-712 data.
    /// @param proposal The epoch data.
    /// @param signatures At least `threshold` signatures of distinct oracles, ordered by signer address.
    /// @return proposalHash The proposal's struct hash, needed by nobody but handy to off-chain callers.
    function propose(EpochProposal calldata proposal, CompactSignature[] calldata signatures)
        external
        returns (bytes32 proposalHash);

    /// @notice Finalises the pending proposal once its challenge window is over. Anyone may call.
    /// @param proposal The same data that was proposed.
    function finalise(EpochProposal calldata proposal) external;

    /// @notice Vetoes the pending proposal within its challenge window. Only guardians.
    /// @param reason Why; recorded in the event.
    function veto(string calldata reason) external;

    /// @notice Disputes the pending proposal within its challenge window, posting the bond of `disputeTerms` (the
    /// caller must have approved it to the distributor). Anyone may call, once per proposal.
    /// @param reason Why, for the resolvers and everyone else; `ccn audit --dispute` puts the audit's findings here.
    function dispute(string calldata reason) external;

    /// @notice Resolves the pending dispute. Upheld (by guardians or governance): the proposal is vetoed, the
    /// disputer gets its bond back and the reward. Rejected (by governance only, so after its delay): the bond goes
    /// to the treasury and the proposal may be finalised once its window is over.
    function resolveDispute(bool upheld, string calldata reason) external;

    /// @notice Sets the dispute terms. Only the admin (the timelock).
    function setDisputeTerms(DisputeTerms calldata terms) external;

    /// @notice Revokes the finalised epochs after `restoredEpoch`: claims are checked against `restoredRoot` again
    /// and the next proposal covers the blocks after `restoredToBlock` (their revenue is allocated anew). Only the
    /// admin (the timelock, so the change waits its delay in public and guardians can cancel it), with no proposal
    /// pending (guardians veto one first). Funds the revoked roots allocated stay allocated: what was claimed under
    /// them is not clawed back, and the next root re-allocates the rest.
    /// @param restoredEpoch The epoch to restore, earlier than the latest finalised one (0 to restore none).
    /// @param restoredToBlock Its last block (0 with epoch 0).
    /// @param restoredRoot Its payout root (zero with epoch 0).
    /// @param reason Why, for the record.
    function revokeFinalisedRoot(
        uint64 restoredEpoch,
        uint64 restoredToBlock,
        bytes32 restoredRoot,
        string calldata reason
    ) external;

    /// @notice Clears the pending proposal once a whole challenge period has passed since its deadline without a
    /// `finalise` (for example because a token froze the vault's transfers), so a new one can be proposed. No
    /// pending state is terminal. Anyone may call; a disputed proposal waits for its resolution instead.
    function clearExpiredProposal() external;

    /// @notice Pays `account` what it has not yet claimed of `cumulativeAmount`. Anyone may call.
    /// @param account The leaf's account, which receives the payment.
    /// @param token The leaf's token.
    /// @param cumulativeAmount The leaf's cumulative amount.
    /// @param proof The leaf's proof under the current root.
    /// @return amount The amount paid.
    function claim(address account, address token, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256 amount);

    /// @notice Claims several tokens of one account in one transaction. Anyone may call.
    function claimBatch(
        address account,
        address[] calldata tokens,
        uint256[] calldata cumulativeAmounts,
        bytes32[][] calldata proofs
    ) external;

    /// @notice Claims on behalf of `account` and pays `recipient`, authorised by the account's EIP-712 signature.
    /// @param account The leaf's account, which signed.
    /// @param token The leaf's token.
    /// @param cumulativeAmount The leaf's cumulative amount.
    /// @param proof The leaf's proof.
    /// @param recipient Who receives the payment.
    /// @param deadline Timestamp after which the signature is void.
    /// @param signature The account's signature over `Claim` (EOA or ERC-1271).
    /// @return amount The amount paid.
    function claimWithSig(
        address account,
        address token,
        uint256 cumulativeAmount,
        bytes32[] calldata proof,
        address recipient,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 amount);

    /// @notice Credits pool funding that has been transferred to the vault. Anyone may call (the revenue router
    /// does with every payment); only what the vault holds beyond the funding already credited can be credited.
    /// @param token An allowlisted token.
    /// @param amount The amount transferred to the vault.
    function fund(address token, uint256 amount) external;

    /// @notice Adds a token to the allowlist or removes it. Only the admin (the timelock). A removed token can no
    /// longer be funded; what was funded of it is still allocated and claimed.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Adds or removes an oracle. Only the admin.
    function setOracle(address oracle, bool enabled) external;

    /// @notice Sets how many oracle signatures a proposal needs. Only the admin.
    function setThreshold(uint8 threshold) external;

    /// @notice Sets the challenge period in seconds. Only the admin.
    function setChallengePeriod(uint32 challengePeriod) external;

    /// @notice Pauses claims. Only guardians.
    function pause() external;

    /// @notice Resumes claims. Only the admin.
    function unpause() external;

    /// @notice The root claims are checked against; zero while paused or before the first finalisation.
    function root() external view returns (bytes32);

    /// @notice The latest finalised root, paused or not.
    function finalisedRoot() external view returns (bytes32);

    /// @notice The last finalised epoch and the last block it covered.
    function finalisedEpoch() external view returns (uint64 epoch, uint64 toBlock);

    /// @notice The number the next proposal must carry.
    function nextEpoch() external view returns (uint64);

    /// @notice The pending proposal: its hash and challenge deadline (zero deadline when none is pending).
    function pendingProposal() external view returns (uint64 epoch, bytes32 proposalHash, uint64 challengeDeadline);

    /// @notice The EIP-712 struct hash of a proposal.
    function hashProposal(EpochProposal calldata proposal) external pure returns (bytes32);

    /// @notice The EIP-712 digest oracles sign for a proposal.
    function proposalDigest(EpochProposal calldata proposal) external view returns (bytes32);

    /// @notice How much of `token` the account has claimed in total.
    function claimed(address account, address token) external view returns (uint256);

    /// @notice A token's lifetime funding and its finalised cumulative total.
    function tokenTotals(address token) external view returns (uint256 funded, uint256 allocated);

    /// @notice Whether `token` is on the allowlist (can be paid in and funded).
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice How many tokens count against `MAX_TOKENS`: those allowlisted or ever funded.
    function trackedTokenCount() external view returns (uint256);

    /// @notice The vault that holds funding until a finalised root allocates it.
    function vault() external view returns (address);

    /// @notice The vault that holds dispute bonds and the reward reserve.
    function bondVault() external view returns (address);

    /// @notice The dispute terms in force.
    function disputeTerms() external view returns (DisputeTerms memory);

    /// @notice The pending proposal's dispute: who posted which bond (zero address when it is not disputed).
    function pendingDispute() external view returns (address disputer, address token, uint256 bond);

    /// @notice Whether `account` is an oracle.
    function isOracle(address account) external view returns (bool);

    /// @notice The number of oracles, the signature threshold and the challenge period.
    function oracleConfig() external view returns (uint8 oracleCount, uint8 threshold, uint32 challengePeriod);

    /// @notice Whether claims are paused.
    function paused() external view returns (bool);

    /// @notice The next claim-signature nonce of an account.
    function nonces(address account) external view returns (uint256);
}
