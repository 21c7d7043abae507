// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.fund`: funders (the router) record contributor pool funding per token, in 128 bits.
contract FundTest is BaseTest {
    function testFundRecordsFundingPerTokenAndEmitsTheRunningTotal() public {
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(tokens[0], FUNDER, 49_000, 49_000);
        vm.prank(FUNDER);
        distributor.fund(tokens[0], 49_000);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(tokens[0], FUNDER, 51_000, 100_000);
        vm.prank(FUNDER);
        distributor.fund(tokens[0], 51_000);

        (uint256 fundedA, uint256 allocatedA) = distributor.tokenTotals(tokens[0]);
        (uint256 fundedB,) = distributor.tokenTotals(tokens[1]);
        assertEq(fundedA, 100_000, "token A funded");
        assertEq(allocatedA, 0, "token A allocated");
        assertEq(fundedB, 0, "token B funded");
    }

    function testFuzz_FundByAnyoneButAFunderShouldRevert(address caller) public {
        vm.assume(caller != FUNDER && caller != address(router));
        bytes32 funderRole = distributor.FUNDER_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, funderRole);
        distributor.fund(tokens[0], 1);
    }

    function testFundOverflowingTheAccountingShouldRevert() public {
        address token = address(new DemoToken("Big", "BIG", 18));
        vm.startPrank(FUNDER);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorAmountTooLarge.selector, MAX_UINT128 + 1)
        );
        distributor.fund(token, MAX_UINT128 + 1);

        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(token, FUNDER, MAX_UINT128, MAX_UINT128);
        distributor.fund(token, MAX_UINT128);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorAmountTooLarge.selector, MAX_UINT128 + 1)
        );
        distributor.fund(token, 1);
        vm.stopPrank();
    }
}
