// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.setTokenAllowed`: the admin (the timelock) allowlists the tokens that can be paid and
/// funded, at most `MAX_TOKENS` of them counting every token ever funded, so an epoch always fits in a block.
contract SetTokenAllowedTest is BaseTest {
    function testAllowingATokenLetsItBePaidAndTheVaultReleaseIt() public {
        DemoToken tokenC = new DemoToken("Demo Token C", "DTC", 18);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.TokenAllowedSet(address(tokenC), true);
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenC), true);
        assertTrue(distributor.isTokenAllowed(address(tokenC)), "allowed");
        assertEq(distributor.trackedTokenCount(), TOKENS + 1, "tracked");
        assertEq(tokenC.allowance(distributor.vault(), address(distributor)), type(uint256).max, "vault approval");
        _pay(1, tokenC, 1_000);
        (uint256 funded,) = distributor.tokenTotals(address(tokenC));
        assertEq(funded, 490, "funded");
    }

    function testRemovingAFundedTokenStopsPaymentsButKeepsItCountedAndAllocatable() public {
        _pay(1, tokenA, 100_000);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.TokenAllowedSet(address(tokenA), false);
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenA), false);
        assertFalse(distributor.isTokenAllowed(address(tokenA)), "removed");
        assertEq(distributor.trackedTokenCount(), TOKENS, "a funded token stays counted: it is listed for ever");
        // What was funded before the removal is still allocated and claimed.
        _proposeAndFinalise(_proposal(keccak256("after removal"), _totals(49_000, 0)));
        assertEq(tokenA.balanceOf(address(distributor)), 49_000, "allocated");
    }

    function testRemovingANeverFundedTokenFreesItsPlace() public {
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenB), false);
        assertEq(distributor.trackedTokenCount(), TOKENS - 1, "freed");
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(tokenB), true);
        assertEq(distributor.trackedTokenCount(), TOKENS, "counted again");
    }

    function testAllowingMoreThanMaxTokensShouldRevert() public {
        uint256 max = distributor.MAX_TOKENS();
        vm.startPrank(ADMIN);
        for (uint256 i = TOKENS; i < max; ++i) {
            distributor.setTokenAllowed(address(new DemoToken("Filler", "FIL", 18)), true);
        }
        address oneTooMany = address(new DemoToken("One too many", "TMN", 18));
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTooManyTokens.selector, max));
        distributor.setTokenAllowed(oneTooMany, true);
        vm.stopPrank();
    }

    function testAllowingATokenTwiceOrRemovingAnUnlistedOneShouldRevert() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTokenUnchanged.selector, tokens[0]));
        distributor.setTokenAllowed(tokens[0], true);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTokenUnchanged.selector, stranger));
        distributor.setTokenAllowed(stranger, false);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        distributor.setTokenAllowed(address(0), true);
        vm.stopPrank();
    }

    function testFuzz_SetTokenAllowedByAnyoneButTheAdminShouldRevert(address caller) public {
        vm.assume(caller != ADMIN);
        bytes32 adminRole = distributor.DEFAULT_ADMIN_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, adminRole);
        distributor.setTokenAllowed(address(0xC0FFEE), true);
    }

    function testATokenThatRevertsOnApproveCannotBeAllowed() public {
        // The vault must be able to approve the distributor, or `finalise` could never release the token.
        vm.prank(ADMIN);
        vm.expectRevert();
        distributor.setTokenAllowed(address(IERC20(stranger)), true);
    }
}
