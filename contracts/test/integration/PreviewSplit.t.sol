// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.previewSplit`: fee first, then the pool's share of the rest, both rounded down; the
/// reserve takes what remains, so every unit is accounted for, for any amount.
contract PreviewSplitTest is BaseTest {
    function testFuzz_PreviewSplitFollowsTheConfiguredBasisPoints(uint256 amount, uint256 feeBps, uint256 poolBps)
        public
    {
        amount = bound(amount, 1, type(uint128).max);
        feeBps = bound(feeBps, 0, router.MAX_FEE_BPS());
        poolBps = bound(poolBps, 0, BPS);
        vm.prank(ADMIN);
        // Safe casts: bounded just above.
        router.setSplit(uint16(feeBps), uint16(poolBps));
        (uint256 fee, uint256 reserveShare, uint256 pool) = router.previewSplit(amount);

        // Both shares round down, so the reserve takes the rounding dust, never more than a unit per division.
        assertEq(fee, amount * feeBps / BPS, "fee");
        assertEq(pool, (amount - fee) * poolBps / BPS, "pool");
        assertLe(fee * BPS, amount * feeBps, "fee never rounds up");
        assertLe(amount * feeBps, fee * BPS + BPS - 1, "fee rounds down by less than a unit");
        assertEq(reserveShare, amount - fee - pool, "reserve");
    }

    /// @dev With the deployed 2% fee and 50% pool share, for amounts up to 2^256 - 1 (the mocha suite's old
    /// property test over random amounts).
    function testFuzz_PreviewSplitOfAnyAmountConservesEveryUnit(uint256 amount) public view {
        (uint256 fee, uint256 reserveShare, uint256 pool) = router.previewSplit(amount);
        assertEq(fee, amount / 50, "fee: 2% rounded down");
        assertEq(pool, (amount - fee) / 2, "pool: half the rest rounded down");
        assertEq(fee + reserveShare + pool, amount, "fee + reserve + pool");
    }

    function testPreviewSplitOfTheLargestAmountDoesNotOverflow() public view {
        uint256 huge = type(uint256).max;
        // mulDiv keeps the full 512-bit product: (2^256 - 1) x 200 / 10,000 without overflow.
        uint256 fee = huge / BPS * FEE_BPS + (huge % BPS) * FEE_BPS / BPS;
        uint256 rest = huge - fee;
        uint256 pool = rest / BPS * POOL_BPS + (rest % BPS) * POOL_BPS / BPS;
        (uint256 previewFee, uint256 previewReserve, uint256 previewPool) = router.previewSplit(huge);
        assertEq(previewFee, fee, "fee");
        assertEq(previewPool, pool, "pool");
        assertEq(previewReserve, huge - fee - pool, "reserve");
    }
}
