// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.setChallengePeriod`: the admin sets the challenge window within [10 minutes, 30 days];
/// the next proposal waits that long.
contract SetChallengePeriodTest is BaseTest {
    function testSetChallengePeriodWithinTheBoundsAppliesToTheNextProposal() public {
        uint32 max = distributor.MAX_CHALLENGE_PERIOD();
        uint32 min = distributor.MIN_CHALLENGE_PERIOD();
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ChallengePeriodSet(max);
        vm.prank(ADMIN);
        distributor.setChallengePeriod(max);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ChallengePeriodSet(min);
        vm.prank(ADMIN);
        distributor.setChallengePeriod(min);
        (,, uint32 challengePeriod) = distributor.oracleConfig();
        assertEq(challengePeriod, 600, "challenge period");

        _propose(_emptyProposal("short window"));
        (,, uint64 deadline) = distributor.pendingProposal();
        assertEq(deadline, block.timestamp + 600, "deadline");
    }

    function testFuzz_SetChallengePeriodOutsideItsBoundsShouldRevert(uint32 challengePeriod) public {
        vm.assume(challengePeriod < 10 minutes || challengePeriod > 30 days);
        vm.prank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidChallengePeriod.selector, challengePeriod)
        );
        distributor.setChallengePeriod(challengePeriod);
    }

    function testSetChallengePeriodJustOutsideItsBoundsShouldRevert() public {
        uint32[2] memory periods = [uint32(599), 30 days + 1];
        for (uint256 i; i < periods.length; ++i) {
            vm.prank(ADMIN);
            vm.expectRevert(
                abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidChallengePeriod.selector, periods[i])
            );
            distributor.setChallengePeriod(periods[i]);
        }
    }

    function testSetChallengePeriodByAnyoneButTheAdminShouldRevert() public {
        vm.prank(stranger);
        _expectUnauthorized(stranger, bytes32(0));
        distributor.setChallengePeriod(600);
    }
}
