// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {IMeteringEscrow} from "./interfaces/IMeteringEscrow.sol";
import {IPayoutDistributor} from "./interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "./interfaces/IRevenueRouter.sol";

/// @title MeteringEscrow
/// @notice Payers' escrow for metered use of assets, redeemed by runners with the payers' cumulative vouchers: the
/// asset's share through the revenue router, the runner's hosting fee to the runner; runners' records of run
/// anchored per period and disputable with a bond. See `IMeteringEscrow`.
/// @dev Every unit that enters stays accounted for: a payer's escrow only goes down by what a redemption pays (to the
/// router and the runner, in the same call) or a withdrawal pays back, and bonds are held per dispute until it is
/// resolved, so this contract's balance of a token is the sum of its payers' escrows plus the open bonds in it.
contract MeteringEscrow is IMeteringEscrow, AccessControlDefaultAdminRules, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* STORAGE */

    /// @notice The role that may uphold disputes; several accounts may hold it.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice The shortest withdrawal delay governance may set: long enough for a runner to redeem.
    uint32 public constant MIN_WITHDRAWAL_DELAY = 1 hours;
    /// @notice The longest withdrawal delay governance may set, so a payer's funds are never locked for long.
    uint32 public constant MAX_WITHDRAWAL_DELAY = 30 days;
    /// @notice The highest hosting fee cap governance may set: the runner never earns more than the asset.
    uint16 public constant MAX_HOSTING_FEE_BPS = 10_000;

    uint256 private constant _BPS = 10_000;
    bytes32 private constant _VOUCHER_TYPEHASH = keccak256(
        "Voucher(address payer,address runner,uint256 assetId,address token,uint256 units,uint256 amount,"
        "uint256 hostingFee,uint64 period,uint64 nonce)"
    );

    /// @dev A payer's escrow of one token. Redemptions read and write only the first slot.
    struct Account {
        uint128 balance;
        uint128 withdrawing;
        uint64 withdrawableAt;
    }

    IAssetRegistry private immutable _REGISTRY;
    IRevenueRouter private immutable _ROUTER;
    IPayoutDistributor private immutable _DISTRIBUTOR;
    uint32 private immutable _PERIOD_LENGTH;

    uint32 private _withdrawalDelay;
    uint16 private _maxHostingFeeBps;
    DisputeTerms private _disputeTerms;
    uint256 private _disputeCount;

    mapping(address payer => mapping(IERC20 token => Account)) private _accounts;
    /// @dev Keyed by the owner as well, so that a runner allowance ends when the asset changes hands.
    mapping(uint256 assetId => mapping(address owner => mapping(address runner => bool))) private _runners;
    mapping(uint256 assetId => mapping(IERC20 token => Terms)) private _terms;
    mapping(bytes32 channelId => Channel) private _channels;
    mapping(address runner => mapping(uint64 period => Anchor)) private _anchors;
    mapping(uint256 disputeId => Dispute) private _disputes;
    mapping(address runner => RunnerStatus) private _runnerStatus;

    /* CONSTRUCTOR */

    /// @param registry The asset registry: who owns an asset.
    /// @param router The revenue router the assets are paid through.
    /// @param distributor The payout distributor whose token allowlist the router pays by and deposits follow.
    /// @param admin The admin (the timelock): sets the delays, the hosting fee cap and the dispute terms, and the
    /// guardians.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param guardians Who may uphold disputes.
    /// @param periodLength_ Seconds per period (of free use and of anchored records), fixed.
    /// @param withdrawalDelay_ Seconds between a withdrawal request and its completion.
    /// @param maxHostingFeeBps_ The cap on a voucher's hosting fee, in basis points of its amount.
    constructor(
        IAssetRegistry registry,
        IRevenueRouter router,
        IPayoutDistributor distributor,
        address admin,
        uint48 adminDelay,
        address[] memory guardians,
        uint32 periodLength_,
        uint32 withdrawalDelay_,
        uint16 maxHostingFeeBps_
    ) AccessControlDefaultAdminRules(adminDelay, admin) EIP712("Coherence Metering", "1") {
        if (address(registry) == address(0) || address(router) == address(0) || address(distributor) == address(0)) {
            revert MeteringEscrowZeroAddress();
        }
        if (periodLength_ == 0) revert MeteringEscrowInvalidPeriodLength();
        _REGISTRY = registry;
        _ROUTER = router;
        _DISTRIBUTOR = distributor;
        _PERIOD_LENGTH = periodLength_;
        for (uint256 i; i < guardians.length; ++i) {
            if (guardians[i] == address(0)) revert MeteringEscrowZeroAddress();
            _grantRole(GUARDIAN_ROLE, guardians[i]);
        }
        _setWithdrawalDelay(withdrawalDelay_);
        _setMaxHostingFeeBps(maxHostingFeeBps_);
    }

    /* GOVERNANCE */

    /// @inheritdoc IMeteringEscrow
    function setWithdrawalDelay(uint32 withdrawalDelay_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setWithdrawalDelay(withdrawalDelay_);
    }

    /// @inheritdoc IMeteringEscrow
    function setMaxHostingFeeBps(uint16 maxHostingFeeBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxHostingFeeBps(maxHostingFeeBps_);
    }

    /// @inheritdoc IMeteringEscrow
    function setDisputeTerms(DisputeTerms calldata terms) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (terms.bond != 0 && (terms.token == address(0) || terms.treasury == address(0))) {
            revert MeteringEscrowZeroAddress();
        }
        _disputeTerms = terms;
        emit DisputeTermsSet(terms.token, terms.bond, terms.treasury);
    }

    /* PAYERS */

    /// @inheritdoc IMeteringEscrow
    function deposit(IERC20 token, uint256 amount) external nonReentrant {
        if (amount == 0) revert MeteringEscrowZeroAmount();
        // The router pays only the distributor's allowlisted tokens: escrow nothing it could not pay out.
        if (!_DISTRIBUTOR.isTokenAllowed(address(token))) revert MeteringEscrowTokenNotAllowed(address(token));
        _pullExactly(token, amount);
        Account storage account = _accounts[msg.sender][token];
        uint128 balance = SafeCast.toUint128(account.balance + amount);
        account.balance = balance;
        emit Deposited(msg.sender, address(token), amount, balance);
    }

    /// @inheritdoc IMeteringEscrow
    function requestWithdrawal(IERC20 token, uint256 amount) external {
        Account storage account = _accounts[msg.sender][token];
        uint256 balance = account.balance;
        if (amount > balance) revert MeteringEscrowWithdrawalExceedsBalance(address(token), amount, balance);
        // Safe casts: amount <= balance, a uint128; a timestamp plus at most 30 days fits 64 bits.
        uint64 withdrawableAt = amount == 0 ? 0 : uint64(block.timestamp + _withdrawalDelay);
        account.withdrawing = uint128(amount);
        account.withdrawableAt = withdrawableAt;
        emit WithdrawalRequested(msg.sender, address(token), amount, withdrawableAt);
    }

    /// @inheritdoc IMeteringEscrow
    function completeWithdrawal(IERC20 token) external nonReentrant {
        Account storage account = _accounts[msg.sender][token];
        uint256 withdrawableAt = account.withdrawableAt;
        if (withdrawableAt == 0) revert MeteringEscrowNoWithdrawalRequested(address(token));
        if (block.timestamp < withdrawableAt) revert MeteringEscrowWithdrawalNotReady(address(token), withdrawableAt);
        uint128 balance = account.balance;
        // Redemptions draw on the requested part too: pay what is left of it.
        uint128 amount = account.withdrawing < balance ? account.withdrawing : balance;
        // Cannot underflow: amount <= balance.
        unchecked {
            balance -= amount;
        }
        account.balance = balance;
        account.withdrawing = 0;
        account.withdrawableAt = 0;
        emit Withdrawn(msg.sender, address(token), amount, balance);
        if (amount != 0) token.safeTransfer(msg.sender, amount);
    }

    /* ASSET OWNERS */

    /// @inheritdoc IMeteringEscrow
    function setRunner(uint256 assetId, address runner, bool allowed) external {
        if (runner == address(0)) revert MeteringEscrowZeroAddress();
        _checkAssetOwner(assetId);
        mapping(address runner => bool) storage runners = _runners[assetId][msg.sender];
        if (runners[runner] == allowed) revert MeteringEscrowRunnerUnchanged(assetId, runner);
        runners[runner] = allowed;
        emit RunnerSet(assetId, runner, msg.sender, allowed);
    }

    /// @inheritdoc IMeteringEscrow
    function setTerms(uint256 assetId, IERC20 token, Terms calldata terms) external {
        _checkAssetOwner(assetId);
        _terms[assetId][token] = terms;
        emit TermsSet(assetId, address(token), terms.pricePerUnit, terms.freeUnitsPerPeriod);
    }

    /* RUNNERS */

    /// @inheritdoc IMeteringEscrow
    function redeem(Voucher calldata voucher, bytes calldata signature)
        external
        nonReentrant
        returns (uint256 toAsset, uint256 toRunner)
    {
        _checkVoucher(voucher, signature);
        bytes32 id;
        (id, toAsset, toRunner) = _advanceChannel(voucher);
        IERC20 token = IERC20(voucher.token);
        _debit(voucher.payer, token, toAsset + toRunner);
        emit VoucherRedeemed(id, voucher.payer, voucher.runner, voucher, toAsset, toRunner);
        if (toAsset != 0) {
            // An exact approval, spent by the payment: the router never holds a standing allowance on payers' funds.
            token.forceApprove(address(_ROUTER), toAsset);
            _ROUTER.pay(voucher.assetId, token, toAsset);
        }
        if (toRunner != 0) token.safeTransfer(voucher.runner, toRunner);
    }

    /// @inheritdoc IMeteringEscrow
    function anchor(uint64 period, bytes32 root, uint32 count, string calldata uri) external {
        if (root == bytes32(0) || count == 0) revert MeteringEscrowEmptyAnchor();
        uint64 current = currentPeriod();
        if (period > current) revert MeteringEscrowFuturePeriod(period, current);
        Anchor storage anchored = _anchors[msg.sender][period];
        if (anchored.root != bytes32(0)) revert MeteringEscrowAlreadyAnchored(msg.sender, period);
        anchored.root = root;
        anchored.count = count;
        // Safe cast: timestamps fit 64 bits for billions of years.
        anchored.anchoredAt = uint64(block.timestamp);
        emit RecordsAnchored(msg.sender, period, root, count, uri);
    }

    /* DISPUTES */

    /// @inheritdoc IMeteringEscrow
    function dispute(
        address runner,
        uint64 period,
        RecordOfRun calldata record,
        bytes32[] calldata proof,
        string calldata reason
    ) external nonReentrant returns (uint256 disputeId) {
        bytes32 root = _anchors[runner][period].root;
        if (root == bytes32(0)) revert MeteringEscrowNotAnchored(runner, period);
        bytes32 leaf = recordLeaf(record);
        if (record.runner != runner || !MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert MeteringEscrowRecordNotAnchored(runner, period, leaf);
        }
        DisputeTerms memory terms = _disputeTerms;
        if (terms.bond == 0) revert MeteringEscrowDisputesDisabled();

        disputeId = ++_disputeCount;
        _disputes[disputeId] = Dispute({
            disputer: msg.sender, bond: terms.bond, token: terms.token, period: period, open: true, runner: runner
        });
        RunnerStatus storage status = _runnerStatus[runner];
        if (status.openDisputes == 0 || period < status.frozenFrom) status.frozenFrom = period;
        ++status.openDisputes;
        emit RecordDisputed(disputeId, runner, period, msg.sender, leaf, terms.token, terms.bond, reason);
        _pullExactly(IERC20(terms.token), terms.bond);
    }

    /// @inheritdoc IMeteringEscrow
    function resolveDispute(uint256 disputeId, bool upheld, string calldata reason) external nonReentrant {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            if (!upheld) revert MeteringEscrowOnlyGovernanceRejects(msg.sender);
            _checkRole(GUARDIAN_ROLE);
        }
        Dispute memory held = _disputes[disputeId];
        if (!held.open) revert MeteringEscrowNoOpenDispute(disputeId);
        _disputes[disputeId].open = false;
        RunnerStatus storage status = _runnerStatus[held.runner];
        // The freeze covers the earliest period disputed since the runner had none open, and lifts with the last one.
        if (--status.openDisputes == 0) status.frozenFrom = 0;
        if (upheld && (!status.barred || held.period < status.barredFrom)) {
            status.barred = true;
            status.barredFrom = held.period;
        }
        emit DisputeResolved(disputeId, held.runner, held.period, msg.sender, upheld, reason);
        IERC20(held.token).safeTransfer(upheld ? held.disputer : _disputeTerms.treasury, held.bond);
    }

    /* VIEWS */

    /// @inheritdoc IMeteringEscrow
    function escrowOf(address payer, IERC20 token)
        external
        view
        returns (uint256 balance, uint256 withdrawing, uint256 withdrawableAt)
    {
        Account storage account = _accounts[payer][token];
        return (account.balance, account.withdrawing, account.withdrawableAt);
    }

    /// @inheritdoc IMeteringEscrow
    function isRunner(uint256 assetId, address runner) public view returns (bool) {
        return _runners[assetId][IERC721(address(_REGISTRY)).ownerOf(assetId)][runner];
    }

    /// @inheritdoc IMeteringEscrow
    function termsOf(uint256 assetId, IERC20 token) external view returns (Terms memory) {
        return _terms[assetId][token];
    }

    /// @inheritdoc IMeteringEscrow
    function channelId(address payer, address runner, uint256 assetId, address token) public pure returns (bytes32) {
        return keccak256(abi.encode(payer, runner, assetId, token));
    }

    /// @inheritdoc IMeteringEscrow
    function channelOf(address payer, address runner, uint256 assetId, address token)
        external
        view
        returns (Channel memory)
    {
        return _channels[channelId(payer, runner, assetId, token)];
    }

    /// @inheritdoc IMeteringEscrow
    function voucherDigest(Voucher calldata voucher) public view returns (bytes32) {
        // The struct's nine static fields, in the type string's order, are its ABI encoding.
        return _hashTypedDataV4(keccak256(abi.encode(_VOUCHER_TYPEHASH, voucher)));
    }

    /// @inheritdoc IMeteringEscrow
    function recordLeaf(RecordOfRun calldata record) public pure returns (bytes32) {
        // A static struct's ABI encoding is its fields' in order, as StandardMerkleTree encodes a leaf's values.
        return keccak256(bytes.concat(keccak256(abi.encode(record))));
    }

    /// @inheritdoc IMeteringEscrow
    function verifyRecord(address runner, uint64 period, RecordOfRun calldata record, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = _anchors[runner][period].root;
        return root != bytes32(0) && record.runner == runner
            && MerkleProof.verifyCalldata(proof, root, recordLeaf(record));
    }

    /// @inheritdoc IMeteringEscrow
    function anchorOf(address runner, uint64 period) external view returns (Anchor memory) {
        return _anchors[runner][period];
    }

    /// @inheritdoc IMeteringEscrow
    function disputeOf(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    /// @inheritdoc IMeteringEscrow
    function runnerStatus(address runner) external view returns (RunnerStatus memory) {
        return _runnerStatus[runner];
    }

    /// @inheritdoc IMeteringEscrow
    function currentPeriod() public view returns (uint64) {
        // Safe cast: a timestamp fits 64 bits.
        return uint64(block.timestamp / _PERIOD_LENGTH);
    }

    /// @inheritdoc IMeteringEscrow
    function periodLength() external view returns (uint32) {
        return _PERIOD_LENGTH;
    }

    /// @inheritdoc IMeteringEscrow
    function withdrawalDelay() external view returns (uint32) {
        return _withdrawalDelay;
    }

    /// @inheritdoc IMeteringEscrow
    function maxHostingFeeBps() external view returns (uint16) {
        return _maxHostingFeeBps;
    }

    /// @inheritdoc IMeteringEscrow
    function disputeTerms() external view returns (DisputeTerms memory) {
        return _disputeTerms;
    }

    /// @inheritdoc IMeteringEscrow
    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    /* INTERNAL */

    /// @dev Everything about a voucher that does not depend on its channel: the fee cap, the period, disputes, the
    /// runner's allowance and the payer's signature.
    function _checkVoucher(Voucher calldata voucher, bytes calldata signature) private view {
        uint256 maxHostingFee = Math.mulDiv(voucher.amount, _maxHostingFeeBps, _BPS);
        if (voucher.hostingFee > maxHostingFee) {
            revert MeteringEscrowHostingFeeTooHigh(voucher.hostingFee, maxHostingFee);
        }
        uint64 current = currentPeriod();
        if (voucher.period > current) revert MeteringEscrowFuturePeriod(voucher.period, current);
        _checkNotFrozen(voucher.runner, voucher.period);
        if (!isRunner(voucher.assetId, voucher.runner)) {
            revert MeteringEscrowRunnerNotAuthorised(voucher.assetId, voucher.runner);
        }
        if (!SignatureChecker.isValidSignatureNow(voucher.payer, voucherDigest(voucher), signature)) {
            revert MeteringEscrowInvalidSignature(voucher.payer);
        }
    }

    /// @dev Moves the voucher's channel to the voucher's figures and returns what they add to it.
    function _advanceChannel(Voucher calldata voucher)
        private
        returns (bytes32 id, uint256 toAsset, uint256 toRunner)
    {
        id = channelId(voucher.payer, voucher.runner, voucher.assetId, voucher.token);
        Channel memory redeemed = _channels[id];
        if (voucher.nonce <= redeemed.nonce) revert MeteringEscrowStaleNonce(voucher.nonce, redeemed.nonce);
        _checkNotBelow("units", voucher.units, redeemed.units);
        _checkNotBelow("amount", voucher.amount, redeemed.amount);
        _checkNotBelow("hostingFee", voucher.hostingFee, redeemed.hostingFee);
        _checkNotBelow("period", voucher.period, redeemed.period);
        // Cannot underflow: both checked just above.
        unchecked {
            toAsset = voucher.amount - redeemed.amount;
            toRunner = voucher.hostingFee - redeemed.hostingFee;
        }
        _channels[id] = Channel({
            units: SafeCast.toUint128(voucher.units),
            amount: SafeCast.toUint128(voucher.amount),
            hostingFee: SafeCast.toUint128(voucher.hostingFee),
            period: voucher.period,
            nonce: voucher.nonce
        });
    }

    /// @dev Takes `needed` from the payer's escrow, requested withdrawal included, or refuses all of it.
    function _debit(address payer, IERC20 token, uint256 needed) private {
        Account storage account = _accounts[payer][token];
        uint256 balance = account.balance;
        if (needed > balance) revert MeteringEscrowInsufficientEscrow(payer, address(token), needed, balance);
        // Safe cast and cannot underflow: needed <= balance, a uint128.
        unchecked {
            account.balance = uint128(balance - needed);
        }
    }

    function _checkAssetOwner(uint256 assetId) private view {
        if (IERC721(address(_REGISTRY)).ownerOf(assetId) != msg.sender) {
            revert MeteringEscrowNotAssetOwner(assetId, msg.sender);
        }
    }

    /// @dev An open dispute freezes the runner's vouchers from the disputed period on, because a cumulative voucher of
    /// a later period includes the disputed period's use; an upheld one bars them for good.
    function _checkNotFrozen(address runner, uint64 period) private view {
        RunnerStatus memory status = _runnerStatus[runner];
        if (status.barred && period >= status.barredFrom) {
            revert MeteringEscrowRunnerBarred(runner, period, status.barredFrom);
        }
        if (status.openDisputes != 0 && period >= status.frozenFrom) {
            revert MeteringEscrowPeriodFrozen(runner, period, status.frozenFrom);
        }
    }

    function _checkNotBelow(string memory field, uint256 value, uint256 redeemed) private pure {
        if (value < redeemed) revert MeteringEscrowBelowRedeemed(field, value, redeemed);
    }

    /// @dev Pulls `amount` of `token` from the caller and refuses a token that delivers anything else, so what is
    /// held always matches what is accounted.
    function _pullExactly(IERC20 token, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert MeteringEscrowUnexpectedBalanceChange(amount, received);
    }

    function _setWithdrawalDelay(uint32 withdrawalDelay_) private {
        if (withdrawalDelay_ < MIN_WITHDRAWAL_DELAY || withdrawalDelay_ > MAX_WITHDRAWAL_DELAY) {
            revert MeteringEscrowInvalidWithdrawalDelay(withdrawalDelay_);
        }
        _withdrawalDelay = withdrawalDelay_;
        emit WithdrawalDelaySet(withdrawalDelay_);
    }

    function _setMaxHostingFeeBps(uint16 maxHostingFeeBps_) private {
        if (maxHostingFeeBps_ > MAX_HOSTING_FEE_BPS) revert MeteringEscrowInvalidMaxHostingFee(maxHostingFeeBps_);
        _maxHostingFeeBps = maxHostingFeeBps_;
        emit MaxHostingFeeSet(maxHostingFeeBps_);
    }
}
