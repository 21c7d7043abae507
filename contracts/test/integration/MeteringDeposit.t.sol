// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.deposit`: a payer escrows an allowlisted token, every unit accounted; a token off the
/// allowlist, a zero amount and a token that delivers less than it was told are refused.
contract MeteringDepositTest is MeteringBaseTest {
    function testDepositCreditsThePayersEscrowAndHoldsTheTokens() public {
        tokenA.mint(payer, 500);
        vm.startPrank(payer);
        tokenA.approve(address(escrow), 500);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.Deposited(payer, address(tokenA), 300, 300);
        escrow.deposit(tokenA, 300);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.Deposited(payer, address(tokenA), 200, 500);
        escrow.deposit(tokenA, 200);
        vm.stopPrank();
        assertEq(_balanceOf(payer, tokenA), 500, "escrow");
        assertEq(tokenA.balanceOf(address(escrow)), 500, "held");
        assertEq(_balanceOf(payer, tokenB), 0, "another token's escrow is apart");
    }

    function testFuzz_DepositsAddUpPerPayerAndToken(uint128 first, uint128 second) public {
        uint256 a = bound(first, 1, type(uint96).max);
        uint256 b = bound(second, 1, type(uint96).max);
        _deposit(payer, tokenA, a);
        _deposit(bob, tokenA, b);
        _deposit(payer, tokenB, b);
        assertEq(_balanceOf(payer, tokenA), a, "payer A");
        assertEq(_balanceOf(bob, tokenA), b, "bob A");
        assertEq(_balanceOf(payer, tokenB), b, "payer B");
        assertEq(tokenA.balanceOf(address(escrow)), a + b, "A held");
    }

    function testDepositingATokenOffTheAllowlistShouldRevert() public {
        DemoToken other = new DemoToken("Other", "OTH", 18);
        other.mint(payer, 1);
        vm.startPrank(payer);
        other.approve(address(escrow), 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowTokenNotAllowed.selector, address(other))
        );
        escrow.deposit(other, 1);
        vm.stopPrank();
    }

    function testDepositingZeroShouldRevert() public {
        vm.prank(payer);
        vm.expectRevert(IMeteringEscrow.MeteringEscrowZeroAmount.selector);
        escrow.deposit(tokenA, 0);
    }

    function testDepositingAFeeOnTransferTokenShouldRevert() public {
        // Allowlisted by governance by mistake: the escrow still refuses to account for what it did not receive.
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(fot), true);
        fot.mint(payer, 10_000);
        vm.startPrank(payer);
        fot.approve(address(escrow), 10_000);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowUnexpectedBalanceChange.selector, 10_000, 9_900)
        );
        escrow.deposit(IERC20(address(fot)), 10_000);
        vm.stopPrank();
    }
}
