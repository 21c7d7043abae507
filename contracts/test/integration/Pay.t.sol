// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.pay`: a payment to an existing asset in an allowlisted token is split into fee, reserve and
/// pool, every unit arrives where it is due, and the pool share funds the distributor (through its vault); tokens
/// that are not allowlisted or that move other amounts are refused.
contract PayTest is BaseTest {
    /// @dev The distributor accounts in 128 bits; revenue above this cannot be recorded in one payment.
    uint256 private constant _MAX_PAYMENT = type(uint128).max;

    function testPaySplitsTheFeeThenReserveAndPoolAndFundsTheDistributor() public {
        uint256 amount = 10_000e18;
        (uint256 fee, uint256 pool) = (200e18, 4_900e18);
        tokenA.mint(PAYER, amount);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), amount);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(1, address(tokenA), PAYER, amount, fee, pool, pool);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(address(tokenA), address(router), pool, pool);
        router.pay(1, tokenA, amount);
        vm.stopPrank();

        assertEq(tokenA.balanceOf(PAYER), 0, "payer");
        assertEq(tokenA.balanceOf(TREASURY), fee, "treasury");
        assertEq(tokenA.balanceOf(RESERVE), pool, "reserve");
        assertEq(tokenA.balanceOf(distributor.vault()), pool, "vault");
        assertEq(tokenA.balanceOf(address(distributor)), 0, "the distributor holds only what roots allocated");
        assertEq(tokenA.balanceOf(address(router)), 0, "router");
        (uint256 funded, uint256 allocated) = distributor.tokenTotals(address(tokenA));
        assertEq(funded, pool, "funded");
        assertEq(allocated, 0, "allocated");
    }

    function testPayAccumulatesFundingPerTokenAcrossPaymentsAndAssets() public {
        _pay(1, tokenA, 1_000);
        tokenA.mint(PAYER, 3_000);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), 3_000);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(address(tokenA), address(router), 1_470, 490 + 1_470);
        router.pay(2, tokenA, 3_000);
        vm.stopPrank();
        _pay(2, tokenB, 100);

        (uint256 fundedA,) = distributor.tokenTotals(address(tokenA));
        (uint256 fundedB,) = distributor.tokenTotals(address(tokenB));
        assertEq(fundedA, 1_960, "token A funding");
        assertEq(fundedB, 49, "token B funding");
    }

    function testPayRoundsFeeAndPoolDownAndGivesTheRemainderToTheReserve() public {
        // fee = 12,345 x 2% = 246.9 -> 246; pool = 12,099 / 2 = 6,049.5 -> 6,049; reserve = 6,050.
        tokenA.mint(PAYER, 12_345);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), 12_345);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(2, address(tokenA), PAYER, 12_345, 246, 6_050, 6_049);
        router.pay(2, tokenA, 12_345);
        vm.stopPrank();
        assertEq(tokenA.balanceOf(TREASURY), 246, "treasury");
        assertEq(tokenA.balanceOf(RESERVE), 6_050, "reserve");
        assertEq(tokenA.balanceOf(distributor.vault()), 6_049, "distributor");
    }

    function testPayOfOneUnitGoesToTheReserveAndFundsNothing() public {
        tokenA.mint(PAYER, 1);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), 1);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(1, address(tokenA), PAYER, 1, 0, 1, 0);
        vm.recordLogs();
        router.pay(1, tokenA, 1);
        vm.stopPrank();
        assertEq(_countLogs(address(distributor), IPayoutDistributor.Funded.selector), 0, "no Funded event");
        assertEq(tokenA.balanceOf(RESERVE), 1, "reserve");
        assertEq(tokenA.balanceOf(PAYER), 0, "payer");
    }

    function testPayWithNoFeeAndAFullPoolShareSendsEverythingToThePool() public {
        vm.prank(ADMIN);
        router.setSplit(0, 10_000);
        tokenA.mint(PAYER, 777);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), 777);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(1, address(tokenA), PAYER, 777, 0, 0, 777);
        router.pay(1, tokenA, 777);
        vm.stopPrank();
        assertEq(tokenA.balanceOf(TREASURY), 0, "treasury");
        assertEq(tokenA.balanceOf(RESERVE), 0, "reserve");
        assertEq(tokenA.balanceOf(distributor.vault()), 777, "distributor");
    }

    function testPayWithAZeroPoolShareFundsNothing() public {
        vm.prank(ADMIN);
        router.setSplit(1_000, 0);
        vm.recordLogs();
        _pay(1, tokenA, 1_000);
        assertEq(_countLogs(address(distributor), IPayoutDistributor.Funded.selector), 0, "no Funded event");
        assertEq(tokenA.balanceOf(TREASURY), 100, "treasury");
        assertEq(tokenA.balanceOf(RESERVE), 900, "reserve");
        assertEq(tokenA.balanceOf(distributor.vault()), 0, "distributor");
    }

    function testFuzz_PayByAnyoneShouldSucceed(address payer) public {
        vm.assume(payer != address(0) && payer != address(router) && payer != address(distributor));
        vm.assume(payer != TREASURY && payer != RESERVE);
        tokenA.mint(payer, 100);
        vm.startPrank(payer);
        tokenA.approve(address(router), 100);
        router.pay(1, tokenA, 100);
        vm.stopPrank();
        assertEq(tokenA.balanceOf(payer), 0, "payer paid");
    }

    function testPayOfZeroShouldRevert() public {
        vm.prank(PAYER);
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAmount.selector);
        router.pay(1, tokenA, 0);
    }

    function testFuzz_PayToAnUnknownAssetShouldRevert(uint256 assetId, uint256 amount) public {
        vm.assume(assetId == 0 || assetId > registry.assetCount());
        amount = bound(amount, 1, _MAX_PAYMENT);
        tokenA.mint(PAYER, amount);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), amount);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterUnknownAsset.selector, assetId));
        router.pay(assetId, tokenA, amount);
        vm.stopPrank();
    }

    function testPayToAssetZeroShouldRevert() public {
        vm.prank(PAYER);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterUnknownAsset.selector, 0));
        router.pay(0, tokenA, 1);
    }

    function testFuzz_PayInATokenThatIsNotAllowlistedShouldRevert(uint256 amount) public {
        amount = bound(amount, 1, _MAX_PAYMENT);
        // Issue 10, finding 1: paying throwaway tokens made every later epoch list them, until none fitted a block.
        DemoToken junk = new DemoToken("Junk", "JNK", 18);
        junk.mint(PAYER, amount);
        vm.startPrank(PAYER);
        junk.approve(address(router), amount);
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueRouter.RevenueRouterTokenNotAllowed.selector, address(junk))
        );
        router.pay(1, junk, amount);
        vm.stopPrank();
        (uint256 funded,) = distributor.tokenTotals(address(junk));
        assertEq(funded, 0, "nothing funded");
        assertEq(junk.balanceOf(PAYER), amount, "nothing taken");
    }

    function testPayInATokenRemovedFromTheAllowlistShouldRevert() public {
        _pay(1, tokenA, 1_000);
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenA), false);
        tokenA.mint(PAYER, 1_000);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueRouter.RevenueRouterTokenNotAllowed.selector, address(tokenA))
        );
        router.pay(1, tokenA, 1_000);
        vm.stopPrank();
    }

    function testPayInAFeeOnTransferTokenShouldRevert() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        _allow(address(fot));
        fot.mint(PAYER, 10_000);
        vm.startPrank(PAYER);
        fot.approve(address(router), 10_000);
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueRouter.RevenueRouterUnexpectedBalanceChange.selector, 10_000, 9_900)
        );
        router.pay(1, IERC20(address(fot)), 10_000);
        vm.stopPrank();
    }

    function testPayInATokenChargingTheRoutersTransfersShouldRevertBeforeTheDistributorRecordsFunding() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        _allow(address(fot));
        fot.exempt(PAYER);
        fot.mint(PAYER, 10_000);
        vm.startPrank(PAYER);
        fot.approve(address(router), 10_000);
        // 10,000 in: fee 200, pool 4,900 of which 1% is burnt on the way to the vault.
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorFundingNotReceived.selector, address(fot), 4_900, 4_851
            )
        );
        router.pay(1, IERC20(address(fot)), 10_000);
        vm.stopPrank();
        (uint256 funded, uint256 allocated) = distributor.tokenTotals(address(fot));
        assertEq(funded + allocated, 0, "nothing recorded");
    }

    function testPayWithoutAllowanceShouldRevert() public {
        tokenA.mint(stranger, 100);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(router), 0, 100)
        );
        router.pay(1, tokenA, 100);
    }

    function testPayReenteredFromATokenCallbackShouldRevert() public {
        ReentrantToken token = new ReentrantToken();
        _allow(address(token));
        token.mint(PAYER, 1_000);
        vm.prank(PAYER);
        token.approve(address(router), 1_000);
        token.arm(router, 1);
        vm.prank(PAYER);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        router.pay(1, IERC20(address(token)), 1_000);
    }

    function testFuzz_PayWhosePoolShareOverflowsTheAccountingShouldRevert(uint256 amount) public {
        // With the default 2% fee and 50% pool, the pool share exceeds 128 bits from about 2^129.04.
        amount = bound(amount, uint256(type(uint128).max) / 49 * 100 + 1_000, type(uint256).max / BPS);
        (,, uint256 pool) = router.previewSplit(amount);
        tokenA.mint(PAYER, amount);
        vm.startPrank(PAYER);
        tokenA.approve(address(router), amount);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorAmountTooLarge.selector, pool));
        router.pay(1, tokenA, amount);
        vm.stopPrank();
    }

    function testFuzz_PayConservesEveryUnit(uint256 amount, uint256 feeBps, uint256 poolBps) public {
        amount = bound(amount, 1, _MAX_PAYMENT);
        _setSplit(feeBps, poolBps);
        (uint256 fee, uint256 reserveShare, uint256 pool) = router.previewSplit(amount);
        assertEq(fee + reserveShare + pool, amount, "fee + reserve + pool");

        uint256[4] memory before = _balances();
        _pay(1, tokenA, amount);
        uint256[4] memory afterwards = _balances();

        assertEq(afterwards[0] - before[0], fee, "treasury balance change");
        assertEq(afterwards[1] - before[1], reserveShare, "reserve balance change");
        assertEq(afterwards[2] - before[2], pool, "distributor balance change");
        assertEq(afterwards[3], 0, "router balance");
        assertEq(tokenA.balanceOf(PAYER), 0, "payer paid everything");
        (uint256 funded,) = distributor.tokenTotals(address(tokenA));
        assertEq(funded, pool, "distributor funding");
    }

    function testFuzz_RepeatedPaymentsFundTheDistributorWithEveryPoolShare(
        uint256[3] memory amounts,
        uint256 feeBps,
        uint256 poolBps
    ) public {
        _setSplit(feeBps, poolBps);
        uint256 pools;
        uint256 total;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, _MAX_PAYMENT / amounts.length);
            (,, uint256 pool) = router.previewSplit(amount);
            _pay(i % ASSETS + 1, tokenA, amount);
            pools += pool;
            total += amount;
        }
        (uint256 funded,) = distributor.tokenTotals(address(tokenA));
        assertEq(funded, pools, "funding is the sum of pool shares");
        assertEq(tokenA.balanceOf(distributor.vault()), pools, "distributor balance");
        uint256[4] memory balances = _balances();
        assertEq(balances[0] + balances[1] + balances[2], total, "every unit arrived somewhere");
        assertEq(balances[3], 0, "router balance");
    }

    /* HELPERS */

    function _allow(address token) private {
        vm.prank(ADMIN);
        distributor.setTokenAllowed(token, true);
    }

    function _setSplit(uint256 feeBps, uint256 poolBps) private {
        feeBps = bound(feeBps, 0, router.MAX_FEE_BPS());
        poolBps = bound(poolBps, 0, BPS);
        vm.prank(ADMIN);
        // Safe casts: bounded just above.
        router.setSplit(uint16(feeBps), uint16(poolBps));
    }

    /// @dev Token A balances of the treasury, the reserve, the distributor and the router.
    function _balances() private view returns (uint256[4] memory) {
        DemoToken token = tokenA;
        return [
            token.balanceOf(TREASURY),
            token.balanceOf(RESERVE),
            token.balanceOf(distributor.vault()),
            token.balanceOf(address(router))
        ];
    }
}
