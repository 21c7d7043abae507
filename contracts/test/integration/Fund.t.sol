// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.fund`: anyone credits allowlisted pool funding that reached the vault, per token, in
/// 128 bits, and never more than the vault received.
contract FundTest is BaseTest {
    function testFuzz_FundByAnyoneCreditsWhatTheVaultReceivedAndEmitsTheRunningTotal(address funder) public {
        vm.assume(funder != address(0));
        address vault = distributor.vault();
        tokenA.mint(vault, 49_000);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(tokens[0], funder, 49_000, 49_000);
        vm.prank(funder);
        distributor.fund(tokens[0], 49_000);
        tokenA.mint(vault, 51_000);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(tokens[0], FUNDER, 51_000, 100_000);
        vm.prank(FUNDER);
        distributor.fund(tokens[0], 51_000);

        (uint256 fundedA, uint256 allocatedA) = distributor.tokenTotals(tokens[0]);
        (uint256 fundedB,) = distributor.tokenTotals(tokens[1]);
        assertEq(fundedA, 100_000, "token A funded");
        assertEq(allocatedA, 0, "token A allocated");
        assertEq(fundedB, 0, "token B funded");
        assertEq(tokenA.balanceOf(address(distributor)), 0, "funding waits in the vault");
    }

    function testFuzz_FundingMoreThanTheVaultReceivedShouldRevert(uint256 received, uint256 claimedAmount) public {
        received = bound(received, 0, MAX_UINT128 - 1);
        claimedAmount = bound(claimedAmount, received + 1, MAX_UINT128);
        tokenA.mint(distributor.vault(), received);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorFundingNotReceived.selector, tokens[0], claimedAmount, received
            )
        );
        vm.prank(FUNDER);
        distributor.fund(tokens[0], claimedAmount);
    }

    function testFundingCreditsEachReceivedUnitOnceEvenAfterAnEpochAllocatedSome() public {
        _fund(tokens[0], 1_000);
        Leaf[] memory one = new Leaf[](1);
        one[0] = Leaf(alice, tokens[0], 600);
        _finaliseLeaves(one);
        // The vault now holds 400 credited units; a funder cannot credit them again.
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorFundingNotReceived.selector, tokens[0], 1, 0)
        );
        vm.prank(FUNDER);
        distributor.fund(tokens[0], 1);
        tokenA.mint(distributor.vault(), 7);
        vm.prank(FUNDER);
        distributor.fund(tokens[0], 7);
        (uint256 funded, uint256 allocated) = distributor.tokenTotals(tokens[0]);
        assertEq(funded, 1_007, "funded");
        assertEq(allocated, 600, "allocated");
    }

    function testFuzz_FundingATokenThatIsNotAllowlistedShouldRevert(uint256 amount) public {
        address junk = address(new DemoToken("Junk", "JNK", 18));
        DemoToken(junk).mint(distributor.vault(), amount);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTokenNotAllowed.selector, junk));
        vm.prank(FUNDER);
        distributor.fund(junk, amount);
    }

    function testFundOverflowingTheAccountingShouldRevert() public {
        address token = address(new DemoToken("Big", "BIG", 18));
        vm.prank(ADMIN);
        distributor.setTokenAllowed(token, true);
        DemoToken(token).mint(distributor.vault(), MAX_UINT128);
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
