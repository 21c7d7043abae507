// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {MeteringEscrow} from "../../MeteringEscrow.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice The metering escrow's governance: the withdrawal delay, the hosting fee cap and the dispute terms are the
/// admin's (the timelock's) alone, within their bounds; the constructor announces its parameters and refuses zeros.
contract MeteringGovernanceTest is MeteringBaseTest {
    function testTheConstructorSetsAndAnnouncesItsParameters() public {
        assertEq(escrow.periodLength(), PERIOD, "period");
        assertEq(escrow.withdrawalDelay(), WITHDRAWAL_DELAY, "delay");
        assertEq(escrow.maxHostingFeeBps(), HOSTING_FEE_BPS, "cap");
        assertEq(escrow.currentPeriod(), NOW_PERIOD, "period of now");
        assertEq(escrow.defaultAdmin(), ADMIN, "admin");
        assertTrue(escrow.hasRole(escrow.GUARDIAN_ROLE(), GUARDIAN), "guardian");
        assertTrue(escrow.hasRole(escrow.GUARDIAN_ROLE(), SECOND_GUARDIAN), "second guardian");
        (, string memory name, string memory version,, address verifyingContract,,) = escrow.eip712Domain();
        assertEq(name, "Coherence Metering", "domain name");
        assertEq(version, "1", "domain version");
        assertEq(verifyingContract, address(escrow), "domain contract");
    }

    function testTheAdminSetsTheDelayTheCapAndTheDisputeTerms() public {
        vm.startPrank(ADMIN);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.WithdrawalDelaySet(3 days);
        escrow.setWithdrawalDelay(3 days);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.MaxHostingFeeSet(500);
        escrow.setMaxHostingFeeBps(500);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.DisputeTermsSet(address(tokenA), 5, TREASURY);
        escrow.setDisputeTerms(IMeteringEscrow.DisputeTerms(address(tokenA), 5, TREASURY));
        vm.stopPrank();
        assertEq(escrow.withdrawalDelay(), 3 days, "delay");
        assertEq(escrow.maxHostingFeeBps(), 500, "cap");
        assertEq(escrow.disputeTerms().bond, 5, "bond");
    }

    function testFuzz_AnyoneButTheAdminSettingShouldRevert(address caller) public {
        vm.assume(caller != ADMIN);
        bytes32 role = escrow.DEFAULT_ADMIN_ROLE();
        vm.startPrank(caller);
        _expectUnauthorized(caller, role);
        escrow.setWithdrawalDelay(2 days);
        _expectUnauthorized(caller, role);
        escrow.setMaxHostingFeeBps(0);
        _expectUnauthorized(caller, role);
        escrow.setDisputeTerms(IMeteringEscrow.DisputeTerms(address(tokenA), 0, TREASURY));
        vm.stopPrank();
    }

    function testValuesOutOfBoundsShouldRevert() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidWithdrawalDelay.selector, 1 hours - 1)
        );
        escrow.setWithdrawalDelay(1 hours - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidWithdrawalDelay.selector, 30 days + 1)
        );
        escrow.setWithdrawalDelay(30 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowInvalidMaxHostingFee.selector, 10_001));
        escrow.setMaxHostingFeeBps(10_001);
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAddress.selector);
        escrow.setDisputeTerms(IMeteringEscrow.DisputeTerms(address(tokenA), 1, address(0)));
        vm.stopPrank();
    }

    function testAZeroContractOrPeriodLengthShouldRevert() public {
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAddress.selector);
        new MeteringEscrow(
            IAssetRegistry(address(0)), router, distributor, ADMIN, 0, new address[](0), PERIOD, WITHDRAWAL_DELAY, 0
        );
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAddress.selector);
        new MeteringEscrow(
            registry, IRevenueRouter(address(0)), distributor, ADMIN, 0, new address[](0), PERIOD, WITHDRAWAL_DELAY, 0
        );
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAddress.selector);
        new MeteringEscrow(
            registry, router, IPayoutDistributor(address(0)), ADMIN, 0, new address[](0), PERIOD, WITHDRAWAL_DELAY, 0
        );
        vm.expectRevert(IMeteringEscrow.MeteringEscrowInvalidPeriodLength.selector);
        new MeteringEscrow(registry, router, distributor, ADMIN, 0, new address[](0), 0, WITHDRAWAL_DELAY, 0);
    }
}
