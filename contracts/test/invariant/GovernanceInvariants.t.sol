// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "../utils/TestBase.t.sol";
import {GovernanceHandler} from "./GovernanceHandler.t.sol";

/// @notice Invariants of governance under random sequences of scheduling, early and timely execution, cancellation
/// and direct attempts: no privileged change takes effect before its delay, and every parameter is what the last
/// executed change made it.
/// @dev Run with its handler: `npx hardhat test solidity contracts/test/invariant/*.t.sol`.
contract GovernanceInvariantsTest is TestBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    GovernanceHandler private _handler;

    function setUp() public {
        _handler = new GovernanceHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = GovernanceHandler.schedule.selector;
        selectors[1] = GovernanceHandler.schedule.selector;
        selectors[2] = GovernanceHandler.execute.selector;
        selectors[3] = GovernanceHandler.execute.selector;
        selectors[4] = GovernanceHandler.cancel.selector;
        selectors[5] = GovernanceHandler.actDirectly.selector;
        selectors[6] = GovernanceHandler.warp.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(_handler), selectors);
    }

    /// @notice A fixed sequence through every path, so the campaign's properties are known to be reachable.
    function testHandlerSequenceKeepsEveryProperty() public {
        _handler.schedule(0 | (2 hours << 8), 0); // challenge period, no extra delay
        _handler.schedule(1, 1 days); // threshold, a day beyond the delay
        _handler.schedule(2, 0); // fee split
        _handler.schedule(5, 0); // the delay itself, to an hour
        _handler.execute(0); // too early: refused
        _handler.actDirectly(0, false);
        _handler.actDirectly(5, true);
        _handler.warp(2 days);
        _handler.execute(0);
        _handler.execute(1); // still waiting its extra day: refused
        _handler.cancel(2);
        _handler.execute(2); // cancelled: refused for ever
        _handler.execute(3);
        _handler.schedule(3, 0); // an attester grant, under the new, shorter delay
        _handler.warp(1 hours);
        _handler.execute(4);
        _handler.warp(1 days);
        _handler.execute(1);

        assertEq(_handler.calls("execute"), 4, "executed");
        assertEq(_handler.calls("executeRefused"), 3, "refused");
        assertEq(_handler.calls("cancel"), 1, "cancelled");
        assertEq(_handler.ghostDelay(), 1 hours, "the delay changed");
        assertTrue(_handler.ghostAttesterGranted(), "granted");
        invariantNoPrivilegedChangeTakesEffectBeforeItsDelay();
        invariantParametersAreWhatExecutedChangesMadeThem();
        invariantOnlyTheTimelockAdministers();
    }

    /// @notice No scheduled change was ever executed before its delay had passed.
    /// hardhat-config: invariant.failOnRevert = true
    function invariantNoPrivilegedChangeTakesEffectBeforeItsDelay() public view {
        assertEq(_handler.ghostEarlyExecutions(), 0, "early executions");
    }

    /// @notice Every parameter is the value its last executed change set: nothing else changes them.
    /// hardhat-config: invariant.failOnRevert = true
    function invariantParametersAreWhatExecutedChangesMadeThem() public view {
        (, uint8 threshold, uint32 challengePeriod) = _handler.DISTRIBUTOR().oracleConfig();
        assertEq(challengePeriod, _handler.ghostChallengePeriod(), "challenge period");
        assertEq(threshold, _handler.ghostThreshold(), "threshold");
        assertEq(_handler.ROUTER().feeBps(), _handler.ghostFeeBps(), "fee");
        assertEq(_handler.ROUTER().poolBps(), _handler.ghostPoolBps(), "pool share");
        assertEq(_handler.TIMELOCK().getMinDelay(), _handler.ghostDelay(), "delay");
        bool attester = _handler.LEDGER().hasRole(_handler.LEDGER().ATTESTER_ROLE(), _handler.GRANTEE());
        assertEq(attester, _handler.ghostAttesterGranted(), "attester grant");
        bool verifier = _handler.REGISTRY().hasRole(_handler.REGISTRY().VERIFIER_ROLE(), _handler.GRANTEE());
        assertEq(verifier, _handler.ghostVerifierGranted(), "verifier grant");
    }

    /// @notice The timelock is the only admin: the governor and guardians hold no role on the contracts.
    /// hardhat-config: invariant.failOnRevert = true
    function invariantOnlyTheTimelockAdministers() public view {
        bytes32 admin = bytes32(0);
        address timelock = address(_handler.TIMELOCK());
        assertTrue(_handler.DISTRIBUTOR().hasRole(admin, timelock), "distributor admin");
        assertFalse(_handler.DISTRIBUTOR().hasRole(admin, _handler.GOVERNOR()), "governor is no distributor admin");
        assertFalse(_handler.ROUTER().hasRole(admin, _handler.GOVERNOR()), "governor is no router admin");
        assertFalse(_handler.LEDGER().hasRole(admin, _handler.GOVERNOR()), "governor is no ledger admin");
        assertFalse(_handler.REGISTRY().hasRole(admin, _handler.GUARDIAN()), "guardian is no registry admin");
    }
}
