// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {Signing} from "../utils/Signing.t.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.redeem`: a payer-signed cumulative voucher pays only its increase over the channel, the
/// amount through the router (fee, reserve, pool) and the hosting fee to the runner; forged, replayed and lower
/// vouchers, a payer without escrow, a runner the asset's owner did not allow, a fee over the cap and a period not
/// started are each refused with their own error, nothing paid.
contract MeteringRedeemTest is MeteringBaseTest {
    function setUp() public override {
        super.setUp();
        _deposit(payer, tokenA, 10_000);
    }

    function testTheFirstVoucherPaysTheAssetThroughTheRouterAndTheRunnerItsFee() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(10, 1_000, 100, NOW_PERIOD, 1);
        bytes32 id = escrow.channelId(payer, runner, ASSET, address(tokenA));
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.VoucherRedeemed(id, payer, runner, voucher, 1_000, 100);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(ASSET, address(tokenA), address(escrow), 1_000, 20, 490, 490);
        (uint256 toAsset, uint256 toRunner) = _redeem(voucher);
        assertEq(toAsset, 1_000, "to the asset");
        assertEq(toRunner, 100, "to the runner");
        assertEq(tokenA.balanceOf(TREASURY), 20, "fee");
        assertEq(tokenA.balanceOf(RESERVE), 490, "reserve");
        assertEq(tokenA.balanceOf(distributor.vault()), 490, "pool");
        assertEq(tokenA.balanceOf(runner), 100, "hosting fee");
        assertEq(_balanceOf(payer, tokenA), 8_900, "escrow drawn by both");
        assertEq(tokenA.balanceOf(address(escrow)), 8_900, "held is escrowed");
        assertEq(tokenA.allowance(address(escrow), address(router)), 0, "no standing allowance");
        IMeteringEscrow.Channel memory channel = escrow.channelOf(payer, runner, ASSET, address(tokenA));
        assertEq(channel.units, 10, "units");
        assertEq(channel.amount, 1_000, "amount");
        assertEq(channel.hostingFee, 100, "hosting fee recorded");
        assertEq(channel.nonce, 1, "nonce");
        assertEq(channel.period, NOW_PERIOD, "period");
    }

    function testALaterVoucherPaysOnlyTheIncrease() public {
        _redeem(_voucher(10, 1_000, 100, NOW_PERIOD - 1, 1));
        (uint256 toAsset, uint256 toRunner) = _redeem(_voucher(25, 2_500, 200, NOW_PERIOD, 7));
        assertEq(toAsset, 1_500, "increase of the amount");
        assertEq(toRunner, 100, "increase of the fee");
        assertEq(_balanceOf(payer, tokenA), 10_000 - 2_700, "cumulative total drawn");
    }

    function testAVoucherThatOnlyAddsFreeUnitsPaysNothingAndRecordsThem() public {
        (uint256 toAsset, uint256 toRunner) = _redeem(_voucher(50, 0, 0, NOW_PERIOD, 1));
        assertEq(toAsset + toRunner, 0, "free tier");
        assertEq(escrow.channelOf(payer, runner, ASSET, address(tokenA)).units, 50, "units recorded");
        assertEq(tokenA.balanceOf(TREASURY), 0, "the router was not called");
    }

    function testAnyoneMaySubmitAVoucherAndTheRunnerIsPaid() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(1, 100, 10, NOW_PERIOD, 1);
        bytes memory signature = _signVoucher(PAYER_KEY, voucher);
        vm.prank(RELAYER);
        escrow.redeem(voucher, signature);
        assertEq(tokenA.balanceOf(runner), 10, "the runner, not the relayer");
    }

    function testAnERC1271PayersVoucherIsRedeemed() public {
        _deposit(address(wallet), tokenA, 1_000);
        IMeteringEscrow.Voucher memory voucher = _voucher(1, 100, 10, NOW_PERIOD, 1);
        voucher.payer = address(wallet);
        bytes memory signature = _signVoucher(ACCOUNT_KEY + 1, voucher); // bob owns the wallet
        escrow.redeem(voucher, signature);
        assertEq(_balanceOf(address(wallet), tokenA), 890, "drawn from the wallet's escrow");
    }

    function testAForgedVoucherShouldRevert() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(10, 1_000, 100, NOW_PERIOD, 1);
        bytes memory signature = _signVoucher(RUNNER_KEY, voucher);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidSignature.selector, payer));
        escrow.redeem(voucher, signature);
        // A real signature over other figures: the runner raised the amount after the payer signed.
        signature = _signVoucher(PAYER_KEY, voucher);
        voucher.amount = 5_000;
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidSignature.selector, payer));
        escrow.redeem(voucher, signature);
        assertEq(_balanceOf(payer, tokenA), 10_000, "nothing paid");
    }

    function testAVoucherSignedForAnotherEscrowShouldRevert() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(10, 1_000, 100, NOW_PERIOD, 1);
        bytes32 structHash = keccak256(abi.encode(VOUCHER_TYPEHASH, voucher));
        bytes memory signature = _signWithDomain(structHash, address(0xE5C));
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidSignature.selector, payer));
        escrow.redeem(voucher, signature);
    }

    function testReplayingTheRedeemedVoucherShouldRevert() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(10, 1_000, 100, NOW_PERIOD, 3);
        bytes memory signature = _signVoucher(PAYER_KEY, voucher);
        escrow.redeem(voucher, signature);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowStaleNonce.selector, 3, 3));
        escrow.redeem(voucher, signature);
        // An older voucher, signed before, once a newer one was redeemed.
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowStaleNonce.selector, 2, 3));
        _redeem(_voucher(5, 500, 50, NOW_PERIOD, 2));
        assertEq(_balanceOf(payer, tokenA), 8_900, "paid once");
    }

    function testAVoucherBelowTheRedeemedFiguresShouldRevert() public {
        _redeem(_voucher(10, 1_000, 100, NOW_PERIOD, 1));
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowBelowRedeemed.selector, "units", 9, 10)
        );
        _redeem(_voucher(9, 1_000, 100, NOW_PERIOD, 2));
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowBelowRedeemed.selector, "amount", 999, 1_000)
        );
        _redeem(_voucher(10, 999, 99, NOW_PERIOD, 2));
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowBelowRedeemed.selector, "hostingFee", 99, 100)
        );
        _redeem(_voucher(10, 1_000, 99, NOW_PERIOD, 2));
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowBelowRedeemed.selector, "period", NOW_PERIOD - 1, NOW_PERIOD
            )
        );
        _redeem(_voucher(10, 1_000, 100, NOW_PERIOD - 1, 2));
    }

    function testAPayerWithoutEnoughEscrowShouldRevert() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowInsufficientEscrow.selector, payer, address(tokenA), 11_000, 10_000
            )
        );
        _redeem(_voucher(100, 10_000, 1_000, NOW_PERIOD, 1));
        IMeteringEscrow.Voucher memory voucher = _voucher(1, 100, 10, NOW_PERIOD, 1);
        voucher.payer = carol;
        bytes memory signature = _signVoucher(ACCOUNT_KEY + 2, voucher);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMeteringEscrow.MeteringEscrowInsufficientEscrow.selector, carol, address(tokenA), 110, 0
            )
        );
        escrow.redeem(voucher, signature);
    }

    function testARunnerNotServingTheAssetShouldRevert() public {
        IMeteringEscrow.Voucher memory voucher = _voucher(1, 100, 10, NOW_PERIOD, 1);
        voucher.assetId = 2;
        bytes memory signature = _signVoucher(PAYER_KEY, voucher);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowRunnerNotAuthorised.selector, 2, runner));
        escrow.redeem(voucher, signature);
        vm.prank(alice);
        escrow.setRunner(ASSET, runner, false);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowRunnerNotAuthorised.selector, ASSET, runner)
        );
        _redeem(_voucher(1, 100, 10, NOW_PERIOD, 1));
    }

    function testAHostingFeeAboveTheCapShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowHostingFeeTooHigh.selector, 101, 100));
        _redeem(_voucher(10, 1_000, 101, NOW_PERIOD, 1));
    }

    function testAVoucherOfAPeriodNotStartedShouldRevert() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowFuturePeriod.selector, NOW_PERIOD + 1, NOW_PERIOD)
        );
        _redeem(_voucher(10, 1_000, 100, NOW_PERIOD + 1, 1));
    }

    function testFuzz_CumulativeRedemptionIsTheLastVouchersFigures(uint96[3] memory amounts, uint16 feeBps) public {
        feeBps = uint16(bound(feeBps, 0, HOSTING_FEE_BPS));
        uint256 total;
        uint256 fee;
        for (uint256 i; i < 3; ++i) {
            // Growing totals, and a fee at a fixed rate of them, so both only grow.
            total += bound(amounts[i], 0, 3_000);
            fee = total * feeBps / 10_000;
            _redeem(_voucher(total, total, fee, NOW_PERIOD, SafeCast.toUint64(i + 1)));
        }
        assertEq(_balanceOf(payer, tokenA), 10_000 - total - fee, "exactly what the last voucher says");
        assertEq(tokenA.balanceOf(runner), fee, "the runner's line");
        assertEq(
            tokenA.balanceOf(TREASURY) + tokenA.balanceOf(RESERVE) + tokenA.balanceOf(distributor.vault()),
            total,
            "the asset's line, split by the router"
        );
    }

    function _signWithDomain(bytes32 structHash, address verifyingContract) private view returns (bytes memory) {
        bytes32 domain = Signing.domainSeparator("Coherence Metering", verifyingContract);
        return Signing.sign(PAYER_KEY, Signing.typedDigest(domain, structHash));
    }
}
