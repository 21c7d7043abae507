// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IMeteringEscrow
/// @notice Revenue from use. Payers deposit an allowlisted token; a metering gateway's runner serves an asset's
/// composable and the payer's client counter-signs cumulative EIP-712 vouchers per channel (payer, runner, asset,
/// token); the runner redeems the latest one. What the voucher owes the asset goes through `RevenueRouter.pay`, so
/// it flows through fee, reserve, pool and lineage like any revenue; the runner's hosting fee is paid to it as its own
/// transfer. Runners anchor each period's records of run as a Merkle root; anyone may dispute an anchored record with
/// a bond, which freezes the runner's vouchers from that period on until guardians uphold or governance rejects.
/// @dev Periods are `block.timestamp / periodLength()`. Why the record root lives here rather than in the epoch
/// proposal: a root is the runner's own statement about its own runs, anchored by the runner's key, once per period,
/// and what a dispute freezes is the runner's vouchers in this contract; the epoch proposal is the oracles' quorum
/// statement about payouts, which would then have to sign every runner's records (that they did not produce) and
/// could not be disputed per runner without holding back a whole epoch.
interface IMeteringEscrow {
    /* TYPES */

    /// @notice What a payer signs (EIP-712, domain "Coherence Metering" version "1"): cumulative figures of one
    /// channel. Each redemption pays only the increase over what the channel already redeemed.
    /// @param payer Who pays, from its escrow.
    /// @param runner The gateway's runner that served the calls and receives `hostingFee`.
    /// @param assetId The asset whose composable ran, paid `amount` through the router.
    /// @param token The escrowed token.
    /// @param units Cumulative units of use (free ones included).
    /// @param amount Cumulative amount owed to the asset.
    /// @param hostingFee Cumulative amount owed to the runner, at most `maxHostingFeeBps` of `amount`.
    /// @param period The period of the latest use it covers; cumulative, so it covers every earlier period too.
    /// @param nonce Strictly increasing per channel.
    struct Voucher {
        address payer;
        address runner;
        uint256 assetId;
        address token;
        uint256 units;
        uint256 amount;
        uint256 hostingFee;
        uint64 period;
        uint64 nonce;
    }

    /// @notice A record of run, as the runner signs it (EIP-712) and as its period's Merkle tree holds it. The leaf
    /// is OpenZeppelin's StandardMerkleTree leaf of the ten fields in this order:
    /// `keccak256(bytes.concat(keccak256(abi.encode(assetId, bundleHash, ..., time))))`.
    /// @param assetId The asset whose composable ran.
    /// @param bundleHash The content hash of the bundle that ran (its manifest pins how it runs).
    /// @param inputHash keccak256 of the request's input.
    /// @param outputHash keccak256 of the answer's output: what a replay recomputes.
    /// @param runner The runner that ran it.
    /// @param payer The payer it ran for.
    /// @param units Units of use this run counted.
    /// @param price Price per unit, in the voucher's token's base units.
    /// @param nonce Unique per payer: a record is usable once.
    /// @param time When it ran, Unix seconds.
    struct RecordOfRun {
        uint256 assetId;
        bytes32 bundleHash;
        bytes32 inputHash;
        bytes32 outputHash;
        address runner;
        address payer;
        uint256 units;
        uint256 price;
        uint64 nonce;
        uint64 time;
    }

    /// @notice What a channel has redeemed so far: the figures of its last redeemed voucher.
    struct Channel {
        uint128 units;
        uint128 amount;
        uint128 hostingFee;
        uint64 period;
        uint64 nonce;
    }

    /// @notice An asset owner's published terms for one token: what the gateway charges and the payer's client
    /// checks vouchers against. The escrow does not recompute vouchers from them (the payer's signature is its
    /// consent to the figures); it publishes them on-chain so both sides read one source.
    /// @param pricePerUnit Price of one unit, in the token's base units.
    /// @param freeUnitsPerPeriod Units each payer uses for free in each period.
    struct Terms {
        uint128 pricePerUnit;
        uint64 freeUnitsPerPeriod;
    }

    /// @notice A period's records of run, anchored by their runner.
    /// @param root The StandardMerkleTree root of the records.
    /// @param count How many records the tree holds.
    /// @param anchoredAt When it was anchored.
    struct Anchor {
        bytes32 root;
        uint32 count;
        uint64 anchoredAt;
    }

    /// @notice What disputing a record costs, set by governance.
    /// @param token The token bonds are posted in.
    /// @param bond The bond a dispute posts; zero disables disputes.
    /// @param treasury Where the bond of a rejected dispute goes.
    struct DisputeTerms {
        address token;
        uint96 bond;
        address treasury;
    }

    /// @notice A dispute of a runner's anchored record for a period, with the bond as it was posted.
    struct Dispute {
        address disputer;
        uint96 bond;
        address token;
        uint64 period;
        bool open;
        address runner;
    }

    /// @notice A runner's disputes: while `openDisputes` is non-zero its vouchers of period `frozenFrom` (the earliest
    /// period disputed since it had none open) or later cannot be redeemed; once `barred`, none of period
    /// `barredFrom` or later ever can.
    struct RunnerStatus {
        uint64 frozenFrom;
        uint32 openDisputes;
        bool barred;
        uint64 barredFrom;
    }

    /* EVENTS */

    /// @notice `payer` deposited `amount` of `token`; its escrow of that token is now `balance`.
    event Deposited(address indexed payer, address indexed token, uint256 amount, uint256 balance);

    /// @notice `payer` asked to withdraw `amount` of `token` (zero: cancelled), from `withdrawableAt` on.
    event WithdrawalRequested(address indexed payer, address indexed token, uint256 amount, uint256 withdrawableAt);

    /// @notice `payer` withdrew `amount` of `token`: its request, less what redemptions drew meanwhile.
    event Withdrawn(address indexed payer, address indexed token, uint256 amount, uint256 balance);

    /// @notice The asset's owner allowed (or stopped allowing) `runner` to redeem vouchers for it.
    event RunnerSet(uint256 indexed assetId, address indexed runner, address indexed owner, bool allowed);

    /// @notice The asset's owner set its terms for `token`.
    event TermsSet(uint256 indexed assetId, address indexed token, uint256 pricePerUnit, uint256 freeUnitsPerPeriod);

    /// @notice `voucher` was redeemed: `toAsset` went through the router to the asset, `toRunner` to the runner; its
    /// figures are the channel's from now on.
    event VoucherRedeemed(
        bytes32 indexed channelId,
        address indexed payer,
        address indexed runner,
        Voucher voucher,
        uint256 toAsset,
        uint256 toRunner
    );

    /// @notice `runner` anchored its records of run for `period`: `count` records under `root`, published at `uri`.
    event RecordsAnchored(address indexed runner, uint64 indexed period, bytes32 root, uint256 count, string uri);

    /// @notice `disputer` disputed `runner`'s anchored record `recordLeaf` of `period`, posting `bond` of `token`;
    /// `reason` says why (a replay's evidence URI).
    event RecordDisputed(
        uint256 indexed disputeId,
        address indexed runner,
        uint64 indexed period,
        address disputer,
        bytes32 recordLeaf,
        address token,
        uint256 bond,
        string reason
    );

    /// @notice A dispute was resolved: upheld (the bond back to the disputer, the runner barred from `period` on) or
    /// rejected (the bond to the treasury).
    event DisputeResolved(
        uint256 indexed disputeId,
        address indexed runner,
        uint64 indexed period,
        address resolver,
        bool upheld,
        string reason
    );

    /// @notice Governance set the withdrawal delay (and once at deployment).
    event WithdrawalDelaySet(uint32 withdrawalDelay);

    /// @notice Governance set the cap on hosting fees (and once at deployment).
    event MaxHostingFeeSet(uint16 maxHostingFeeBps);

    /// @notice Governance set the dispute terms.
    event DisputeTermsSet(address indexed token, uint256 bond, address treasury);

    /* ERRORS */

    /// @notice The amount is zero.
    error MeteringEscrowZeroAmount();
    /// @notice A required address is zero.
    error MeteringEscrowZeroAddress();
    /// @notice The token is not on the payout distributor's allowlist.
    error MeteringEscrowTokenNotAllowed(address token);
    /// @notice The escrow received a different amount than was deposited (fee-on-transfer or rebasing token).
    error MeteringEscrowUnexpectedBalanceChange(uint256 expected, uint256 received);
    /// @notice The payer asked to withdraw more than it holds in escrow.
    error MeteringEscrowWithdrawalExceedsBalance(address token, uint256 amount, uint256 balance);
    /// @notice The payer has no withdrawal request for the token.
    error MeteringEscrowNoWithdrawalRequested(address token);
    /// @notice The withdrawal delay has not passed yet.
    error MeteringEscrowWithdrawalNotReady(address token, uint256 withdrawableAt);
    /// @notice The caller does not own the asset.
    error MeteringEscrowNotAssetOwner(uint256 assetId, address caller);
    /// @notice The runner allowance is already what was asked.
    error MeteringEscrowRunnerUnchanged(uint256 assetId, address runner);
    /// @notice The asset's owner does not allow `runner` to serve it.
    error MeteringEscrowRunnerNotAuthorised(uint256 assetId, address runner);
    /// @notice The signature is not the payer's (neither its EOA's nor its ERC-1271 wallet's).
    error MeteringEscrowInvalidSignature(address payer);
    /// @notice The voucher's nonce is not above the channel's last redeemed one.
    error MeteringEscrowStaleNonce(uint64 nonce, uint64 redeemedNonce);
    /// @notice A cumulative figure (`field`: units, amount, hosting fee or period) is below the channel's last redeemed
    /// one.
    error MeteringEscrowBelowRedeemed(string field, uint256 value, uint256 redeemed);
    /// @notice The hosting fee exceeds `maxHostingFeeBps` of the amount.
    error MeteringEscrowHostingFeeTooHigh(uint256 hostingFee, uint256 maxHostingFee);
    /// @notice The payer's escrow does not cover what the voucher adds.
    error MeteringEscrowInsufficientEscrow(address payer, address token, uint256 needed, uint256 balance);
    /// @notice The period has not started yet.
    error MeteringEscrowFuturePeriod(uint64 period, uint64 currentPeriod);
    /// @notice A dispute on the runner is open: its vouchers of `frozenFrom` or later wait for the resolution.
    error MeteringEscrowPeriodFrozen(address runner, uint64 period, uint64 frozenFrom);
    /// @notice An upheld dispute barred the runner's vouchers of `barredFrom` or later.
    error MeteringEscrowRunnerBarred(address runner, uint64 period, uint64 barredFrom);
    /// @notice The runner already anchored this period.
    error MeteringEscrowAlreadyAnchored(address runner, uint64 period);
    /// @notice An anchor needs a non-zero root and at least one record.
    error MeteringEscrowEmptyAnchor();
    /// @notice The runner anchored nothing for the period.
    error MeteringEscrowNotAnchored(address runner, uint64 period);
    /// @notice The record is not under the runner's anchored root for the period (or names another runner).
    error MeteringEscrowRecordNotAnchored(address runner, uint64 period, bytes32 recordLeaf);
    /// @notice Disputes are disabled (no bond is set).
    error MeteringEscrowDisputesDisabled();
    /// @notice No open dispute has this id.
    error MeteringEscrowNoOpenDispute(uint256 disputeId);
    /// @notice Only governance may reject a dispute (guardians may only uphold one).
    error MeteringEscrowOnlyGovernanceRejects(address caller);
    /// @notice The withdrawal delay is outside `[MIN_WITHDRAWAL_DELAY, MAX_WITHDRAWAL_DELAY]`.
    error MeteringEscrowInvalidWithdrawalDelay(uint256 withdrawalDelay);
    /// @notice The hosting fee cap exceeds `MAX_HOSTING_FEE_BPS`.
    error MeteringEscrowInvalidMaxHostingFee(uint256 maxHostingFeeBps);
    /// @notice The period length is zero.
    error MeteringEscrowInvalidPeriodLength();

    /* PAYERS */

    /// @notice Deposits `amount` of `token` into the caller's escrow (approved to the escrow first). The token must be
    /// on the distributor's allowlist and deliver exactly `amount`.
    function deposit(IERC20 token, uint256 amount) external;

    /// @notice Asks to withdraw `amount` of `token`, from `withdrawalDelay()` seconds from now on; replaces an earlier
    /// request (and restarts the delay); zero cancels it. Until it completes, runners still redeem vouchers against
    /// the whole escrow, the requested part included: the delay is what lets them redeem what they are owed.
    function requestWithdrawal(IERC20 token, uint256 amount) external;

    /// @notice Completes the caller's withdrawal request once its delay has passed: pays the requested amount, or
    /// what is left of the escrow if redemptions drew on it meanwhile.
    function completeWithdrawal(IERC20 token) external;

    /* ASSET OWNERS */

    /// @notice Allows `runner` to redeem vouchers for `assetId`, or stops allowing it (its unredeemed vouchers for the
    /// asset can then not be redeemed; the payers' escrow stays theirs). Only the asset's owner
    /// (`AssetRegistry.ownerOf`); the allowance is the owner's, so a new owner starts with no runner.
    function setRunner(uint256 assetId, address runner, bool allowed) external;

    /// @notice Publishes the asset's terms for `token`. Only the asset's owner.
    function setTerms(uint256 assetId, IERC20 token, Terms calldata terms) external;

    /* RUNNERS */

    /// @notice Redeems `voucher`, signed by its payer (`signature`: an EOA's or an ERC-1271 wallet's): pays the
    /// increase of `amount` over the channel's last redeemed voucher to the asset through `RevenueRouter.pay` and the
    /// increase of `hostingFee` to the runner, both from the payer's escrow. Anyone may submit it; the runner must be
    /// allowed by the asset's owner, the nonce above the channel's, no cumulative figure below it, the period started
    /// and not frozen by a dispute. A voucher that only adds units (free use) pays nothing and records them. If
    /// governance delists the token, the router refuses the payment and the whole redemption reverts: payers withdraw.
    /// @return toAsset What went to the asset through the router.
    /// @return toRunner What went to the runner.
    function redeem(Voucher calldata voucher, bytes calldata signature)
        external
        returns (uint256 toAsset, uint256 toRunner);

    /// @notice Anchors the caller's records of run for `period` (started already): `count` records whose
    /// StandardMerkleTree root is `root`, published at `uri`. Once per runner and period.
    function anchor(uint64 period, bytes32 root, uint32 count, string calldata uri) external;

    /* DISPUTES */

    /// @notice Disputes `runner`'s anchored `record` of `period` (proven by `proof` against the anchored root),
    /// posting the bond of `disputeTerms` (approved to the escrow first). Anyone may call. Until it is resolved, the
    /// runner's vouchers of `period` or later cannot be redeemed.
    /// @param reason Why: the replay's evidence URI (re-executed output hash against the record's).
    /// @return disputeId The dispute's id.
    function dispute(
        address runner,
        uint64 period,
        RecordOfRun calldata record,
        bytes32[] calldata proof,
        string calldata reason
    ) external returns (uint256 disputeId);

    /// @notice Resolves an open dispute. Upheld (by guardians or governance): the disputer gets its bond back and the
    /// runner is barred for good from redeeming vouchers of the disputed period or later, so the payers' escrow for
    /// that use stays unspent (what it redeemed before the dispute is not clawed back). Rejected (by governance only,
    /// so after its delay): the bond goes to the treasury. The runner's freeze lifts when its last open dispute is
    /// resolved.
    function resolveDispute(uint256 disputeId, bool upheld, string calldata reason) external;

    /* GOVERNANCE */

    /// @notice Sets the withdrawal delay. Only the admin (the timelock).
    function setWithdrawalDelay(uint32 withdrawalDelay) external;

    /// @notice Sets the cap on a voucher's hosting fee, in basis points of its amount. Only the admin.
    function setMaxHostingFeeBps(uint16 maxHostingFeeBps) external;

    /// @notice Sets the dispute terms. Only the admin.
    function setDisputeTerms(DisputeTerms calldata terms) external;

    /* VIEWS */

    /// @notice The caller-independent escrow of `payer` in `token`, and its pending withdrawal request.
    function escrowOf(address payer, IERC20 token)
        external
        view
        returns (uint256 balance, uint256 withdrawing, uint256 withdrawableAt);

    /// @notice Whether `runner` may redeem vouchers for `assetId` under its current owner.
    function isRunner(uint256 assetId, address runner) external view returns (bool);

    /// @notice The asset's published terms for `token` (zero when none).
    function termsOf(uint256 assetId, IERC20 token) external view returns (Terms memory);

    /// @notice The id of the channel (payer, runner, asset, token): `keccak256(abi.encode(payer, runner, assetId,
    /// token))`.
    function channelId(address payer, address runner, uint256 assetId, address token) external pure returns (bytes32);

    /// @notice What the channel has redeemed so far.
    function channelOf(address payer, address runner, uint256 assetId, address token)
        external
        view
        returns (Channel memory);

    /// @notice The EIP-712 digest the payer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);

    /// @notice The StandardMerkleTree leaf of `record`.
    function recordLeaf(RecordOfRun calldata record) external pure returns (bytes32);

    /// @notice Whether `record` is under `runner`'s anchored root for `period` with `proof`, and names that runner.
    function verifyRecord(address runner, uint64 period, RecordOfRun calldata record, bytes32[] calldata proof)
        external
        view
        returns (bool);

    /// @notice `runner`'s anchor for `period` (zero when none).
    function anchorOf(address runner, uint64 period) external view returns (Anchor memory);

    /// @notice A dispute by id.
    function disputeOf(uint256 disputeId) external view returns (Dispute memory);

    /// @notice A runner's disputes: open ones freeze, upheld ones bar.
    function runnerStatus(address runner) external view returns (RunnerStatus memory);

    /// @notice The period `block.timestamp` is in.
    function currentPeriod() external view returns (uint64);

    /// @notice Seconds per period, fixed at deployment.
    function periodLength() external view returns (uint32);

    /// @notice Seconds between a withdrawal request and its completion.
    function withdrawalDelay() external view returns (uint32);

    /// @notice The cap on a voucher's hosting fee, in basis points of its amount.
    function maxHostingFeeBps() external view returns (uint16);

    /// @notice The dispute terms in force.
    function disputeTerms() external view returns (DisputeTerms memory);

    /// @notice The number of disputes ever opened (the next dispute's id is this plus one).
    function disputeCount() external view returns (uint256);
}
