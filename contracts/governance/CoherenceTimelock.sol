// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title CoherenceTimelock
/// @notice The admin of every protocol contract. Governors schedule privileged changes; each takes effect only after
/// `getMinDelay()` seconds, visible on-chain (`CallScheduled`) the whole time, and then anyone may execute it.
/// Guardians and governors may cancel a scheduled change at once: stopping is immediate, acting is delayed.
/// @dev OpenZeppelin's TimelockController with the roles fixed at construction: it administers itself (no admin
/// key), execution is open to anyone, and guardians hold only `CANCELLER_ROLE`. Changing the delay or the roles is
/// itself a scheduled change.
contract CoherenceTimelock is TimelockController {
    /// @param minDelay Seconds between scheduling a change and the earliest time it can be executed.
    /// @param governors Who may schedule (and cancel) changes: on public networks a multisig.
    /// @param guardians Who may cancel scheduled changes.
    constructor(uint256 minDelay, address[] memory governors, address[] memory guardians)
        TimelockController(minDelay, governors, new address[](1), address(0))
    {
        // `new address[](1)` above is `[address(0)]`: the executor role held by the zero address opens execution.
        for (uint256 i; i < guardians.length; ++i) {
            _grantRole(CANCELLER_ROLE, guardians[i]);
        }
    }
}
