// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AssetRegistry} from "../AssetRegistry.sol";
import {DemoToken} from "../dev/DemoToken.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IPayoutDistributor} from "../interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "../interfaces/IRevenueRouter.sol";
import {PayoutDistributor} from "../PayoutDistributor.sol";
import {RevenueRouter} from "../RevenueRouter.sol";
import {TestBase} from "./utils/TestBase.t.sol";

/// @notice Fuzz tests of the revenue router: every split conserves every unit, and the treasury, the reserve and the
/// distributor (balance and recorded funding) move by exactly their shares.
contract RevenueRouterTest is TestBase {
    uint256 private constant _BPS = 10_000;
    /// @dev The distributor accounts in 128 bits; revenue above this cannot be recorded in one payment.
    uint256 private constant _MAX_PAYMENT = type(uint128).max;

    AssetRegistry private _registry;
    PayoutDistributor private _distributor;
    RevenueRouter private _router;
    DemoToken private _token;
    address private _treasury = address(0x7EA5);
    address private _reserve = address(0x5E5E);
    address private _payer = address(0xBA7E4);

    function setUp() public {
        _registry = new AssetRegistry();
        _registry.register(keccak256("asset"), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0));
        address[] memory oracles = new address[](1);
        oracles[0] = address(0x0AC1E);
        _distributor = new PayoutDistributor(address(this), 1 days, address(this), oracles, 1, 1 days);
        _router = new RevenueRouter(_registry, _distributor, address(this), 1 days, _treasury, _reserve, 200, 5_000);
        _distributor.grantRole(_distributor.FUNDER_ROLE(), address(_router));
        _token = new DemoToken("Revenue", "REV", 18);
    }

    function testFuzz_SplitConservesEveryUnit(uint256 amount, uint256 feeBps, uint256 poolBps) public {
        amount = bound(amount, 1, _MAX_PAYMENT);
        _setSplit(feeBps, poolBps);
        (uint256 fee, uint256 reserveShare, uint256 pool) = _router.previewSplit(amount);
        assertEq(fee + reserveShare + pool, amount, "fee + reserve + pool");

        uint256[4] memory before = _balances();
        _pay(amount);
        uint256[4] memory afterwards = _balances();

        assertEq(afterwards[0] - before[0], fee, "treasury balance change");
        assertEq(afterwards[1] - before[1], reserveShare, "reserve balance change");
        assertEq(afterwards[2] - before[2], pool, "distributor balance change");
        assertEq(afterwards[3], 0, "router balance");
        assertEq(_token.balanceOf(_payer), 0, "payer paid everything");
        (uint256 funded,) = _distributor.tokenTotals(address(_token));
        assertEq(funded, pool, "distributor funding");
    }

    function testFuzz_SplitFollowsTheConfiguredBasisPoints(uint256 amount, uint256 feeBps, uint256 poolBps)
        public
    {
        amount = bound(amount, 1, _MAX_PAYMENT);
        (feeBps, poolBps) = _setSplit(feeBps, poolBps);
        (uint256 fee, uint256 reserveShare, uint256 pool) = _router.previewSplit(amount);

        // Both shares round down, so the reserve takes the rounding dust, never more than a unit per division.
        assertEq(fee, amount * feeBps / _BPS, "fee");
        assertEq(pool, (amount - fee) * poolBps / _BPS, "pool");
        assertLe(fee * _BPS, amount * feeBps, "fee never rounds up");
        assertLe(amount * feeBps, fee * _BPS + _BPS - 1, "fee rounds down by less than a unit");
        assertEq(reserveShare, amount - fee - pool, "reserve");
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
            (,, uint256 pool) = _router.previewSplit(amount);
            _pay(amount);
            pools += pool;
            total += amount;
        }
        (uint256 funded,) = _distributor.tokenTotals(address(_token));
        assertEq(funded, pools, "funding is the sum of pool shares");
        assertEq(_token.balanceOf(address(_distributor)), pools, "distributor balance");
        uint256[4] memory balances = _balances();
        assertEq(balances[0] + balances[1] + balances[2], total, "every unit arrived somewhere");
        assertEq(balances[3], 0, "router balance");
    }

    function testFuzz_PayToAnUnknownAssetShouldRevert(uint256 assetId, uint256 amount) public {
        vm.assume(assetId == 0 || assetId > _registry.assetCount());
        amount = bound(amount, 1, _MAX_PAYMENT);
        _token.mint(_payer, amount);
        vm.startPrank(_payer);
        _token.approve(address(_router), amount);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterUnknownAsset.selector, assetId));
        _router.pay(assetId, IERC20(address(_token)), amount);
        vm.stopPrank();
    }

    function testFuzz_PaymentWhosePoolShareOverflowsTheAccountingShouldRevert(uint256 amount) public {
        // With the default 2% fee and 50% pool, the pool share exceeds 128 bits from about 2^129.04.
        amount = bound(amount, uint256(type(uint128).max) / 49 * 100 + 1_000, type(uint256).max / _BPS);
        (,, uint256 pool) = _router.previewSplit(amount);
        _token.mint(_payer, amount);
        vm.startPrank(_payer);
        _token.approve(address(_router), amount);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorAmountTooLarge.selector, pool));
        _router.pay(1, IERC20(address(_token)), amount);
        vm.stopPrank();
    }

    function testFuzz_SetSplitOutOfBoundsShouldRevert(uint16 feeBps, uint16 poolBps) public {
        vm.assume(feeBps > _router.MAX_FEE_BPS() || poolBps > _BPS);
        if (feeBps > _router.MAX_FEE_BPS()) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IRevenueRouter.RevenueRouterFeeTooHigh.selector, feeBps, _router.MAX_FEE_BPS()
                )
            );
        } else {
            vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterPoolShareTooHigh.selector, poolBps));
        }
        _router.setSplit(feeBps, poolBps);
    }

    function testFuzz_SetSplitByANonAdminShouldRevert(address caller, uint16 feeBps, uint16 poolBps) public {
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(
            abi.encodeWithSignature("AccessControlUnauthorizedAccount(address,bytes32)", caller, bytes32(0))
        );
        _router.setSplit(feeBps, poolBps);
    }

    /* HELPERS */

    function _setSplit(uint256 feeBps, uint256 poolBps) private returns (uint256, uint256) {
        feeBps = bound(feeBps, 0, _router.MAX_FEE_BPS());
        poolBps = bound(poolBps, 0, _BPS);
        // Safe casts: bounded just above.
        _router.setSplit(uint16(feeBps), uint16(poolBps));
        return (feeBps, poolBps);
    }

    function _pay(uint256 amount) private {
        _token.mint(_payer, amount);
        vm.startPrank(_payer);
        _token.approve(address(_router), amount);
        _router.pay(1, IERC20(address(_token)), amount);
        vm.stopPrank();
    }

    /// @dev Balances of the treasury, the reserve, the distributor and the router.
    function _balances() private view returns (uint256[4] memory) {
        return [
            _token.balanceOf(_treasury),
            _token.balanceOf(_reserve),
            _token.balanceOf(address(_distributor)),
            _token.balanceOf(address(_router))
        ];
    }
}
