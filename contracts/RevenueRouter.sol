// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {IPayoutDistributor} from "./interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "./interfaces/IRevenueRouter.sol";

/// @title RevenueRouter
/// @notice Splits revenue paid to assets between the treasury (fee), the operational reserve and the contributor
/// pool, and funds the payout distributor with the pool share: it moves to the distributor's vault, where it waits
/// for an epoch to allocate it. Only tokens on the distributor's allowlist can be paid.
contract RevenueRouter is IRevenueRouter, AccessControlDefaultAdminRules, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* STORAGE */

    /// @inheritdoc IRevenueRouter
    uint16 public constant MAX_FEE_BPS = 1_000;

    uint256 private constant _BPS = 10_000;

    IAssetRegistry private immutable _REGISTRY;
    IPayoutDistributor private immutable _DISTRIBUTOR;
    address private immutable _VAULT;

    uint16 private _feeBps;
    uint16 private _poolBps;
    address private _treasury;
    address private _reserve;

    /* CONSTRUCTOR */

    /// @param registry The asset registry payments refer to.
    /// @param distributor The payout distributor that receives the pool share.
    /// @param admin The initial admin, who sets the parameters.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param treasury_ Where fees go.
    /// @param reserve_ Where the operational reserve goes.
    /// @param feeBps_ The distribution fee in basis points.
    /// @param poolBps_ The contributor pool's share of what remains after the fee.
    constructor(
        IAssetRegistry registry,
        IPayoutDistributor distributor,
        address admin,
        uint48 adminDelay,
        address treasury_,
        address reserve_,
        uint16 feeBps_,
        uint16 poolBps_
    ) AccessControlDefaultAdminRules(adminDelay, admin) {
        _REGISTRY = registry;
        _DISTRIBUTOR = distributor;
        _VAULT = distributor.vault();
        _setTreasury(treasury_);
        _setReserve(reserve_);
        _setSplit(feeBps_, poolBps_);
    }

    /* ADMIN */

    /// @inheritdoc IRevenueRouter
    function setSplit(uint16 feeBps_, uint16 poolBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSplit(feeBps_, poolBps_);
    }

    /// @inheritdoc IRevenueRouter
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IRevenueRouter
    function setReserve(address reserve_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setReserve(reserve_);
    }

    /* EXTERNAL */

    /// @inheritdoc IRevenueRouter
    /// @dev Public so that `payWithPermit` runs this very body: a private helper shared by both would cost every
    /// `pay` 78 gas more in jumps and stack shuffles.
    function pay(uint256 assetId, IERC20 token, uint256 amount) public nonReentrant {
        if (amount == 0) revert RevenueRouterZeroAmount();
        if (!_DISTRIBUTOR.isTokenAllowed(address(token))) revert RevenueRouterTokenNotAllowed(address(token));
        if (assetId == 0 || assetId > _REGISTRY.assetCount()) revert RevenueRouterUnknownAsset(assetId);

        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert RevenueRouterUnexpectedBalanceChange(amount, received);

        (uint256 fee, uint256 reserveShare, uint256 pool) = previewSplit(amount);
        emit RevenuePaid(assetId, address(token), msg.sender, amount, fee, reserveShare, pool);

        if (fee != 0) token.safeTransfer(_treasury, fee);
        if (reserveShare != 0) token.safeTransfer(_reserve, reserveShare);
        if (pool != 0) {
            // `fund` credits only what the vault holds beyond what was credited before, so a token that delivers
            // less than it was told to makes the whole payment revert.
            token.safeTransfer(_VAULT, pool);
            _DISTRIBUTOR.fund(address(token), pool);
        }
    }

    /// @inheritdoc IRevenueRouter
    function payWithPermit(
        uint256 assetId,
        IERC20 token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        // Not `nonReentrant` itself: `pay` is. The token is called before `pay` checks the allowlist, which is
        // safe: the router holds nothing between payments and changes no state here. A permit that succeeds has
        // set the allowance, so only a failure needs handling.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {}
        catch (bytes memory reason) {
            // Anyone who saw the signature may have submitted it to the token first, which spends its nonce: the
            // allowance it set pays just as well (OpenZeppelin's advice in IERC20Permit).
            uint256 allowance = token.allowance(msg.sender, address(this));
            if (allowance < amount) revert RevenueRouterPermitFailed(address(token), allowance, amount, reason);
        }
        pay(assetId, token, amount);
    }

    /// @inheritdoc IRevenueRouter
    function previewSplit(uint256 amount) public view returns (uint256 fee, uint256 reserveShare, uint256 pool) {
        fee = Math.mulDiv(amount, _feeBps, _BPS);
        pool = Math.mulDiv(amount - fee, _poolBps, _BPS);
        // Cannot underflow: fee <= amount and pool <= amount - fee, as both bps are at most 10,000.
        unchecked {
            reserveShare = amount - fee - pool;
        }
    }

    /// @inheritdoc IRevenueRouter
    function feeBps() external view returns (uint16) {
        return _feeBps;
    }

    /// @inheritdoc IRevenueRouter
    function poolBps() external view returns (uint16) {
        return _poolBps;
    }

    /// @inheritdoc IRevenueRouter
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IRevenueRouter
    function reserve() external view returns (address) {
        return _reserve;
    }

    /* INTERNAL */

    function _setSplit(uint16 feeBps_, uint16 poolBps_) private {
        if (feeBps_ > MAX_FEE_BPS) revert RevenueRouterFeeTooHigh(feeBps_, MAX_FEE_BPS);
        if (poolBps_ > _BPS) revert RevenueRouterPoolShareTooHigh(poolBps_);
        _feeBps = feeBps_;
        _poolBps = poolBps_;
        emit SplitSet(feeBps_, poolBps_);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert RevenueRouterZeroAddress();
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _setReserve(address reserve_) private {
        if (reserve_ == address(0)) revert RevenueRouterZeroAddress();
        _reserve = reserve_;
        emit ReserveSet(reserve_);
    }
}
