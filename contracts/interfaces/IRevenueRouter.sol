// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRevenueRouter
/// @notice Takes revenue paid to an asset in any ERC-20 and splits it: the distribution fee to the treasury, then
/// the rest between the operational reserve and the contributor pool. The pool share moves to the payout
/// distributor. Every split is in `RevenuePaid`, so the oracle reads each asset's pool revenue from events alone.
interface IRevenueRouter {
    /// @notice Emitted for every payment with its exact split; `fee + reserve + pool == amount`.
    /// @param assetId The asset the revenue was paid to.
    /// @param token The ERC-20 paid.
    /// @param payer Who paid.
    /// @param amount The amount received.
    /// @param fee The distribution fee sent to the treasury.
    /// @param reserve The part sent to the operational reserve.
    /// @param pool The part sent to the payout distributor for the asset's contributors.
    event RevenuePaid(
        uint256 indexed assetId,
        address indexed token,
        address indexed payer,
        uint256 amount,
        uint256 fee,
        uint256 reserve,
        uint256 pool
    );

    /// @notice Emitted when the split parameters change (and once at deployment).
    /// @param feeBps The distribution fee in basis points of each payment.
    /// @param poolBps The contributor pool's share, in basis points, of what remains after the fee.
    event SplitSet(uint16 feeBps, uint16 poolBps);

    /// @notice Emitted when the treasury changes (and once at deployment).
    event TreasurySet(address indexed treasury);

    /// @notice Emitted when the operational reserve changes (and once at deployment).
    event ReserveSet(address indexed reserve);

    /// @notice The amount is zero.
    error RevenueRouterZeroAmount();
    /// @notice The asset does not exist.
    error RevenueRouterUnknownAsset(uint256 assetId);
    /// @notice The router received a different amount than was paid (fee-on-transfer or rebasing token).
    error RevenueRouterUnexpectedBalanceChange(uint256 expected, uint256 received);
    /// @notice The token is not on the payout distributor's allowlist.
    error RevenueRouterTokenNotAllowed(address token);
    /// @notice The fee exceeds `MAX_FEE_BPS`.
    error RevenueRouterFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The pool share exceeds 10,000 basis points.
    error RevenueRouterPoolShareTooHigh(uint256 poolBps);
    /// @notice A recipient is the zero address.
    error RevenueRouterZeroAddress();
    /// @notice The token refused the permit (or has no `permit`) and the payer's allowance to the router does not
    /// cover the payment either; `reason` is the token's revert data.
    error RevenueRouterPermitFailed(address token, uint256 allowance, uint256 amount, bytes reason);

    /// @notice Pays `amount` of `token` to `assetId`, pulled from the caller (who must have approved it). The token
    /// must be allowlisted (`IPayoutDistributor.isTokenAllowed`).
    /// @param assetId The asset that earned the revenue.
    /// @param token The ERC-20 to pay in.
    /// @param amount The amount, in the token's base units.
    function pay(uint256 assetId, IERC20 token, uint256 amount) external;

    /// @notice `pay`, with the approval in the same transaction: first the token's EIP-2612
    /// `permit(msg.sender, router, amount, deadline, v, r, s)`, signed by the caller, then `pay` with all its checks.
    /// A permit that reverts is tolerated when the allowance already covers `amount`, since anyone who saw the
    /// signature may have submitted it to the token first; otherwise the payment reverts with
    /// `RevenueRouterPermitFailed`.
    /// @param assetId The asset that earned the revenue.
    /// @param token The ERC-20 to pay in; it must implement EIP-2612.
    /// @param amount The amount, in the token's base units, which is also the permit's value.
    /// @param deadline The permit's deadline, a Unix time in seconds.
    /// @param v The permit signature's recovery byte.
    /// @param r The permit signature's `r`.
    /// @param s The permit signature's `s`.
    function payWithPermit(
        uint256 assetId,
        IERC20 token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Sets the split. Only the admin.
    /// @param feeBps The distribution fee, at most `MAX_FEE_BPS`.
    /// @param poolBps The contributor pool's share of the remainder, at most 10,000.
    function setSplit(uint16 feeBps, uint16 poolBps) external;

    /// @notice Sets the treasury that receives fees. Only the admin.
    function setTreasury(address treasury) external;

    /// @notice Sets the operational reserve. Only the admin.
    function setReserve(address reserve) external;

    /// @notice The split of a payment of `amount` under the current parameters.
    function previewSplit(uint256 amount) external view returns (uint256 fee, uint256 reserve, uint256 pool);

    /// @notice The distribution fee in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The contributor pool's share of what remains after the fee, in basis points.
    function poolBps() external view returns (uint16);

    /// @notice Where fees go.
    function treasury() external view returns (address);

    /// @notice Where the operational reserve goes.
    function reserve() external view returns (address);

    /// @notice The highest distribution fee the admin may set.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_FEE_BPS() external view returns (uint16);
}
