// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {AssetRegistry} from "../../AssetRegistry.sol";
import {ContributionLedger} from "../../ContributionLedger.sol";
import {CoherenceTimelock} from "../../governance/CoherenceTimelock.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {RevenueRouter} from "../../RevenueRouter.sol";
import {TestBase} from "../utils/TestBase.t.sol";

/// @title GovernanceHandler
/// @notice Drives privileged changes through the timelock for the governance invariants: a governor schedules random
/// changes (challenge period, threshold, fee split, attester and verifier grants, the delay itself), time passes,
/// anyone tries to execute them early and on time, a guardian cancels some, and the governor tries to act directly.
/// The timelock is the only admin, as the deploy leaves it; the handler checks each call's effect and keeps, per
/// parameter, the value of the last executed change, which the invariants compare the contracts against.
contract GovernanceHandler is TestBase {
    uint256 private constant _INITIAL_DELAY = 2 days;
    uint32 private constant _CHALLENGE_PERIOD = 1 hours;
    uint8 private constant _THRESHOLD = 3;
    uint256 private constant _ORACLES = 5;
    uint256 private constant _KINDS = 6;
    address public constant GOVERNOR = address(0x60E);
    address public constant GUARDIAN = address(0x6A4D);
    address public constant ANYONE = address(0xA11);
    address public constant GRANTEE = address(0x6EA7);

    CoherenceTimelock public immutable TIMELOCK;
    AssetRegistry public immutable REGISTRY;
    ContributionLedger public immutable LEDGER;
    PayoutDistributor public immutable DISTRIBUTOR;
    RevenueRouter public immutable ROUTER;

    /// @dev A scheduled change: its call, when it was scheduled and the delay it must wait.
    struct Operation {
        address target;
        bool done;
        bytes data;
        bytes32 salt;
        uint256 scheduledAt;
        uint256 delay;
    }

    Operation[] private _operations;

    /* GHOSTS: each parameter as the last executed change left it */

    uint32 public ghostChallengePeriod = _CHALLENGE_PERIOD;
    uint8 public ghostThreshold = _THRESHOLD;
    uint16 public ghostFeeBps = 200;
    uint16 public ghostPoolBps = 5_000;
    bool public ghostAttesterGranted;
    bool public ghostVerifierGranted;
    uint256 public ghostDelay = _INITIAL_DELAY;
    /// @notice Executions that happened before their operation's delay had passed; must stay zero.
    uint256 public ghostEarlyExecutions;
    mapping(bytes32 action => uint256) public calls;

    constructor() {
        address[] memory governors = new address[](1);
        governors[0] = GOVERNOR;
        address[] memory guardians = new address[](1);
        guardians[0] = GUARDIAN;
        TIMELOCK = new CoherenceTimelock(_INITIAL_DELAY, governors, guardians);
        address admin = address(TIMELOCK);
        REGISTRY = new AssetRegistry(admin, 0, new address[](0));
        LEDGER = new ContributionLedger(REGISTRY, admin, 0, new address[](0));
        address[] memory oracles = new address[](_ORACLES);
        for (uint256 i; i < _ORACLES; ++i) {
            oracles[i] = address(uint160(0x0A11CE + i));
        }
        DISTRIBUTOR =
            new PayoutDistributor(admin, 0, guardians, oracles, _THRESHOLD, _CHALLENGE_PERIOD, new address[](0));
        ROUTER = new RevenueRouter(REGISTRY, DISTRIBUTOR, admin, 0, address(0x7EA5), address(0x5E5E), 200, 5_000);
    }

    /* ACTIONS */

    /// @notice The governor schedules a random privileged change with at least the current delay.
    function schedule(uint256 seed, uint256 extraDelay) external {
        (address target, bytes memory data) = _change(seed);
        uint256 delay = TIMELOCK.getMinDelay() + extraDelay % 3 days;
        bytes32 salt = bytes32(_operations.length);
        vm.prank(GOVERNOR);
        TIMELOCK.schedule(target, 0, data, bytes32(0), salt, delay);
        _operations.push(Operation(target, false, data, salt, block.timestamp, delay));
        ++calls["schedule"];
    }

    /// @notice Anyone executes a scheduled change: it must fail before its delay has passed and succeed after.
    function execute(uint256 seed) external {
        if (_operations.length == 0) return;
        Operation storage operation = _operations[seed % _operations.length];
        bytes32 id = TIMELOCK.hashOperation(operation.target, 0, operation.data, bytes32(0), operation.salt);
        bool ready = TIMELOCK.isOperationReady(id);
        bytes memory execution = abi.encodeCall(
            TimelockController.execute, (operation.target, 0, operation.data, bytes32(0), operation.salt)
        );
        vm.prank(ANYONE);
        // solhint-disable-next-line avoid-low-level-calls
        (bool success,) = address(TIMELOCK).call(execution);
        assertEq(success, ready, "execute: succeeds exactly when the operation is ready");
        if (!success) {
            ++calls["executeRefused"];
            return;
        }
        if (block.timestamp < operation.scheduledAt + operation.delay) ++ghostEarlyExecutions;
        operation.done = true;
        _apply(operation.data, operation.target);
        ++calls["execute"];
    }

    /// @notice A guardian cancels a scheduled change at once; it can never be executed afterwards.
    function cancel(uint256 seed) external {
        if (_operations.length == 0) return;
        uint256 index = seed % _operations.length;
        Operation storage operation = _operations[index];
        bytes32 id = TIMELOCK.hashOperation(operation.target, 0, operation.data, bytes32(0), operation.salt);
        if (!TIMELOCK.isOperationPending(id)) return;
        vm.prank(GUARDIAN);
        TIMELOCK.cancel(id);
        assertFalse(TIMELOCK.isOperation(id), "cancel: the operation is gone");
        operation.done = true;
        ++calls["cancel"];
    }

    /// @notice The governor, and a guardian, try a privileged change directly: neither holds the admin role.
    function actDirectly(uint256 seed, bool asGuardian) external {
        (address target, bytes memory data) = _change(seed);
        address caller = asGuardian ? GUARDIAN : GOVERNOR;
        vm.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory reason) = target.call(data);
        assertFalse(success, "actDirectly: refused");
        // The timelock changes its own delay only through itself; the other contracts need the admin role.
        bytes4 expected = target == address(TIMELOCK)
            ? TimelockController.TimelockUnauthorizedCaller.selector
            : IAccessControl.AccessControlUnauthorizedAccount.selector;
        assertEq(bytes32(bytes4(reason)), bytes32(expected), "actDirectly: unauthorised");
        ++calls["actDirectly"];
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + seconds_ % 4 days);
    }

    function operationCount() external view returns (uint256) {
        return _operations.length;
    }

    /* INTERNAL */

    /// @dev A random valid privileged change: its target and calldata.
    function _change(uint256 seed) private view returns (address target, bytes memory data) {
        uint256 kind = seed % _KINDS;
        uint256 value = seed >> 8;
        if (kind == 0) {
            uint32 period = uint32(10 minutes + value % (30 days - 10 minutes));
            return (address(DISTRIBUTOR), abi.encodeCall(PayoutDistributor.setChallengePeriod, (period)));
        }
        if (kind == 1) {
            return (address(DISTRIBUTOR), abi.encodeCall(PayoutDistributor.setThreshold, (uint8(2 + value % 4))));
        }
        if (kind == 2) {
            uint16 fee = uint16(value % 1_001);
            uint16 pool = uint16((value >> 16) % 10_001);
            return (address(ROUTER), abi.encodeCall(RevenueRouter.setSplit, (fee, pool)));
        }
        if (kind == 3) {
            return (address(LEDGER), abi.encodeCall(IAccessControl.grantRole, (LEDGER.ATTESTER_ROLE(), GRANTEE)));
        }
        if (kind == 4) {
            return (address(REGISTRY), abi.encodeCall(IAccessControl.grantRole, (REGISTRY.VERIFIER_ROLE(), GRANTEE)));
        }
        return (address(TIMELOCK), abi.encodeCall(TimelockController.updateDelay, (1 hours + value % 5 days)));
    }

    /// @dev Records what an executed change set.
    function _apply(bytes memory data, address target) private {
        bytes4 selector = bytes4(data);
        bytes memory arguments = new bytes(data.length - 4);
        for (uint256 i; i < arguments.length; ++i) {
            arguments[i] = data[i + 4];
        }
        if (selector == PayoutDistributor.setChallengePeriod.selector) {
            ghostChallengePeriod = abi.decode(arguments, (uint32));
        } else if (selector == PayoutDistributor.setThreshold.selector) {
            ghostThreshold = abi.decode(arguments, (uint8));
        } else if (selector == RevenueRouter.setSplit.selector) {
            (ghostFeeBps, ghostPoolBps) = abi.decode(arguments, (uint16, uint16));
        } else if (selector == TimelockController.updateDelay.selector) {
            ghostDelay = abi.decode(arguments, (uint256));
        } else if (target == address(LEDGER)) {
            ghostAttesterGranted = true;
        } else {
            ghostVerifierGranted = true;
        }
    }
}
