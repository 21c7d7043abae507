// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.setThreshold`: the admin sets how many oracle signatures a proposal needs, from 1 to
/// the oracle count.
contract SetThresholdTest is BaseTest {
    function testSetThresholdSetsHowManySignaturesAProposalNeeds() public {
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ThresholdSet(5);
        vm.prank(ADMIN);
        distributor.setThreshold(5);
        (, uint8 threshold,) = distributor.oracleConfig();
        assertEq(threshold, 5, "threshold");
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("five");
        IPayoutDistributor.CompactSignature[] memory three = _sign(proposal, 3);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInsufficientSignatures.selector, 3, 5)
        );
        distributor.propose(proposal, three);

        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ThresholdSet(1);
        vm.prank(ADMIN);
        distributor.setThreshold(1);
        uint256[] memory last = new uint256[](1);
        last[0] = oracleKeys[4];
        distributor.propose(proposal, _signWith(proposal, last));
        (uint64 epoch,,) = distributor.pendingProposal();
        assertEq(epoch, 1, "proposed with one signature");
    }

    function testFuzz_SetThresholdToZeroOrAboveTheOracleCountShouldRevert(uint8 threshold) public {
        vm.assume(threshold == 0 || threshold > ORACLE_COUNT);
        vm.prank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInvalidThreshold.selector, threshold, ORACLE_COUNT
            )
        );
        distributor.setThreshold(threshold);
    }

    function testSetThresholdByAnyoneButTheAdminShouldRevert() public {
        vm.prank(stranger);
        _expectUnauthorized(stranger, bytes32(0));
        distributor.setThreshold(2);
    }
}
