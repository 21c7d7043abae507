// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.setRunner` and `setTerms`: only an asset's owner allows runners and publishes terms; a
/// runner allowance is the owner's, so it ends when the asset changes hands.
contract MeteringSetRunnerTest is MeteringBaseTest {
    function testTheOwnerAllowsAndStopsARunner() public {
        address other = address(0x0E4);
        assertFalse(escrow.isRunner(ASSET, other), "not yet");
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.RunnerSet(ASSET, other, alice, true);
        vm.prank(alice);
        escrow.setRunner(ASSET, other, true);
        assertTrue(escrow.isRunner(ASSET, other), "allowed");
        assertFalse(escrow.isRunner(2, other), "for that asset only");
        vm.prank(alice);
        escrow.setRunner(ASSET, other, false);
        assertFalse(escrow.isRunner(ASSET, other), "stopped");
    }

    function testSettingARunnerOfSomeoneElsesAssetShouldRevert() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowNotAssetOwner.selector, ASSET, bob));
        escrow.setRunner(ASSET, bob, true);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowNotAssetOwner.selector, ASSET, bob));
        escrow.setTerms(ASSET, tokenA, IMeteringEscrow.Terms(1, 1));
    }

    function testSettingWhatIsAlreadySetOrTheZeroRunnerShouldRevert() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowRunnerUnchanged.selector, ASSET, runner));
        escrow.setRunner(ASSET, runner, true);
        vm.prank(alice);
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAddress.selector);
        escrow.setRunner(ASSET, address(0), true);
    }

    function testARunnerAllowanceEndsWhenTheAssetChangesHands() public {
        vm.prank(alice);
        registry.transferFrom(alice, carol, ASSET);
        assertFalse(escrow.isRunner(ASSET, runner), "the new owner has allowed no runner");
        _deposit(payer, tokenA, 1_000);
        IMeteringEscrow.Voucher memory voucher = _voucher(1, 100, 10, NOW_PERIOD, 1);
        bytes memory signature = _signVoucher(PAYER_KEY, voucher);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowRunnerNotAuthorised.selector, ASSET, runner)
        );
        escrow.redeem(voucher, signature);
    }

    function testTheOwnerPublishesTermsPerToken() public {
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.TermsSet(ASSET, address(tokenA), 1e15, 100);
        vm.prank(alice);
        escrow.setTerms(ASSET, tokenA, IMeteringEscrow.Terms(1e15, 100));
        IMeteringEscrow.Terms memory terms = escrow.termsOf(ASSET, tokenA);
        assertEq(terms.pricePerUnit, 1e15, "price");
        assertEq(terms.freeUnitsPerPeriod, 100, "free units");
        assertEq(escrow.termsOf(ASSET, tokenB).pricePerUnit, 0, "none in the other token");
    }
}
