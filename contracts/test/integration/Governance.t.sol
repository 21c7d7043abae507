// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ContributionLedger} from "../../ContributionLedger.sol";
import {CoherenceTimelock} from "../../governance/CoherenceTimelock.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {RevenueRouter} from "../../RevenueRouter.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice Issue 10, finding 2: the admin key alone could drain the distributor in about ten minutes by revoking the
/// guardian, cutting the challenge period, adding oracles it holds, lowering the threshold and granting funders, all
/// at once. With the timelock as the only admin, as the deploy leaves it, the governor's key can do none of it
/// directly; through the timelock every step waits the delay in public and a guardian cancels it.
contract GovernanceTest is BaseTest {
    uint256 private constant _DELAY = 4 days;
    address private constant _GOVERNOR = address(0x60E);
    address private constant _ATTACKER_ORACLE = address(0xBAD0);

    CoherenceTimelock private _timelock;
    PayoutDistributor private _distributor;
    RevenueRouter private _router;
    ContributionLedger private _ledger;

    function setUp() public override {
        super.setUp();
        address[] memory governors = new address[](1);
        governors[0] = _GOVERNOR;
        _timelock = new CoherenceTimelock(_DELAY, governors, _guardians());
        address admin = address(_timelock);
        _distributor = new PayoutDistributor(
            admin, ADMIN_DELAY, _guardians(), oracles, THRESHOLD, CHALLENGE_PERIOD, _allowedTokens()
        );
        _router = new RevenueRouter(registry, _distributor, admin, ADMIN_DELAY, TREASURY, RESERVE, FEE_BPS, POOL_BPS);
        _ledger = new ContributionLedger(registry, admin, ADMIN_DELAY, new address[](0));
    }

    function testTheGovernorsKeyAloneCanTakeNoneOfTheDrainsSteps() public {
        bytes32 admin = _distributor.DEFAULT_ADMIN_ROLE();
        bytes[5] memory steps = _drainSteps();
        vm.startPrank(_GOVERNOR);
        for (uint256 i; i < steps.length; ++i) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory reason) = address(_distributor).call(steps[i]);
            assertFalse(success, "refused");
            assertEq(
                reason,
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, _GOVERNOR, admin),
                "unauthorised"
            );
        }
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, _GOVERNOR, admin)
        );
        _router.setSplit(1_000, 10_000);
        bytes32 attester = _ledger.ATTESTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, _GOVERNOR, admin)
        );
        _ledger.grantRole(attester, _GOVERNOR);
        vm.stopPrank();
    }

    function testThroughTheTimelockEveryStepWaitsTheDelayAndAGuardianCancelsIt() public {
        bytes[5] memory steps = _drainSteps();
        address[] memory targets = new address[](steps.length);
        uint256[] memory values = new uint256[](steps.length);
        bytes[] memory payloads = new bytes[](steps.length);
        for (uint256 i; i < steps.length; ++i) {
            (targets[i], payloads[i]) = (address(_distributor), steps[i]);
        }
        bytes32 salt = keccak256("drain");
        vm.prank(_GOVERNOR);
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockInsufficientDelay.selector, 600, _DELAY));
        _timelock.scheduleBatch(targets, values, payloads, bytes32(0), salt, 600);
        vm.prank(_GOVERNOR);
        _timelock.scheduleBatch(targets, values, payloads, bytes32(0), salt, _DELAY);
        bytes32 id = _timelock.hashOperationBatch(targets, values, payloads, bytes32(0), salt);

        // Before the delay nobody can execute it, and nothing has changed.
        vm.warp(block.timestamp + _DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector, id, bytes32(1 << uint8(2))
            )
        );
        _timelock.executeBatch(targets, values, payloads, bytes32(0), salt);
        assertTrue(_distributor.hasRole(_distributor.GUARDIAN_ROLE(), GUARDIAN), "the guardian is still one");
        (,, uint32 challengePeriod) = _distributor.oracleConfig();
        assertEq(challengePeriod, CHALLENGE_PERIOD, "the window is unchanged");

        // A guardian, who saw it scheduled, cancels it: it can never run.
        vm.prank(SECOND_GUARDIAN);
        _timelock.cancel(id);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector, id, bytes32(1 << uint8(2))
            )
        );
        _timelock.executeBatch(targets, values, payloads, bytes32(0), salt);
        assertFalse(_distributor.isOracle(_ATTACKER_ORACLE), "no oracle was added");
    }

    /// @dev Finding 2's steps, as calls to the distributor: revoke the guardian, cut the window to its minimum, add
    /// an oracle, lower the threshold, and (the old funder role is gone) allowlist a token of the attacker's.
    function _drainSteps() private view returns (bytes[5] memory steps) {
        steps[0] = abi.encodeCall(IAccessControl.revokeRole, (_distributor.GUARDIAN_ROLE(), GUARDIAN));
        steps[1] = abi.encodeCall(PayoutDistributor.setChallengePeriod, (10 minutes));
        steps[2] = abi.encodeCall(PayoutDistributor.setOracle, (_ATTACKER_ORACLE, true));
        steps[3] = abi.encodeCall(PayoutDistributor.setThreshold, (2));
        steps[4] = abi.encodeCall(PayoutDistributor.setTokenAllowed, (address(0xBAD1), true));
    }
}
