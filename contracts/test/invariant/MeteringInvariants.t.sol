// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MeteringEscrow} from "../../MeteringEscrow.sol";
import {TestBase} from "../utils/TestBase.t.sol";
import {MeteringHandler} from "./MeteringHandler.t.sol";

/// @notice Invariants of the metering escrow under random sequences of the handler's actions: every unit deposited is
/// escrowed, redeemed (through the router or to a runner) or withdrawn; no channel redeems more than its payer
/// signed; a period under dispute never pays; bonds are held, returned or forfeited. The campaign fails on any revert.
/// @dev Run together with the handler: `npx hardhat test solidity contracts/test/invariant/Metering*.t.sol`.
contract MeteringInvariantsTest is TestBase {
    /// @dev The shape the invariant runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    MeteringHandler private _handler;
    MeteringEscrow private _escrow;

    function setUp() public {
        _handler = new MeteringHandler();
        _escrow = _handler.ESCROW();
    }

    /// @notice Only the handler is called; it deploys and owns the system.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    /// @notice The handler's actions, the common ones listed more than once.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = MeteringHandler.deposit.selector;
        selectors[1] = MeteringHandler.deposit.selector;
        selectors[2] = MeteringHandler.redeem.selector;
        selectors[3] = MeteringHandler.redeem.selector;
        selectors[4] = MeteringHandler.redeem.selector;
        selectors[5] = MeteringHandler.replay.selector;
        selectors[6] = MeteringHandler.requestWithdrawal.selector;
        selectors[7] = MeteringHandler.completeWithdrawal.selector;
        selectors[8] = MeteringHandler.warp.selector;
        selectors[9] = MeteringHandler.anchorAndDispute.selector;
        selectors[10] = MeteringHandler.resolve.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(_handler), selectors);
    }

    /* PROPERTIES */

    /// @notice Deposits = escrowed + redeemed (router + runners) + withdrawn, every unit, and the escrow holds exactly
    /// what its payers have escrowed.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantEveryDepositedUnitIsEscrowedRedeemedOrWithdrawn() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            address token = _handler.tokenAt(t);
            uint256 escrowed = _escrowed(token);
            uint256 out =
                _handler.ghostToRouter(token) + _handler.ghostToRunners(token) + _handler.ghostWithdrawn(token);
            assertEq(_handler.ghostDeposited(token), escrowed + out, "deposited = escrowed + redeemed + withdrawn");
            assertEq(IERC20(token).balanceOf(address(_escrow)), escrowed, "held = escrowed");
        }
    }

    /// @notice What went through the router reached its treasury, reserve and pool in full; runners got their line.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantRedemptionsArriveWhereDue() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            IERC20 token = IERC20(_handler.tokenAt(t));
            uint256 routed = token.balanceOf(_handler.TREASURY()) + token.balanceOf(_handler.RESERVE())
                + token.balanceOf(_handler.DISTRIBUTOR().vault());
            assertEq(routed, _handler.ghostToRouter(address(token)), "router: fee + reserve + pool");
            uint256 runners;
            for (uint256 r; r < _handler.RUNNERS(); ++r) {
                runners += token.balanceOf(_handler.runnerAt(r));
            }
            assertEq(runners, _handler.ghostToRunners(address(token)), "runners' hosting fees");
        }
    }

    /// @notice A channel's cumulative redemption never exceeds what its payer signed.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantNoChannelRedeemsMoreThanItsPayerSigned() public view {
        for (uint256 p; p < _handler.PAYERS(); ++p) {
            for (uint256 r; r < _handler.RUNNERS(); ++r) {
                for (uint256 t; t < _handler.TOKENS(); ++t) {
                    (address payer, address runner, address token) =
                        (_handler.payerAt(p), _handler.runnerAt(r), _handler.tokenAt(t));
                    IMeteringEscrow.Channel memory channel = _escrow.channelOf(payer, runner, r + 1, token);
                    bytes32 id = _escrow.channelId(payer, runner, r + 1, token);
                    assertLe(channel.amount, _handler.ghostSignedAmount(id), "amount <= signed");
                    assertLe(channel.hostingFee, _handler.ghostSignedFee(id), "hosting fee <= signed");
                }
            }
        }
    }

    /// @notice No voucher of a period covered by an open or upheld dispute on its runner was ever paid.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantAFrozenPeriodNeverPays() public view {
        assertEq(_handler.ghostFrozenPaid(), 0, "paid while frozen");
    }

    /// @notice Every bond posted is held by the escrow, returned or forfeited to the treasury.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantDisputeBondsAreAccountedFor() public view {
        uint256 held = _handler.openBonds();
        assertEq(
            _handler.ghostBondsPosted(),
            held + _handler.ghostBondsReturned() + _handler.ghostBondsForfeited(),
            "posted = held + returned + forfeited"
        );
        assertEq(IERC20(_handler.BOND_TOKEN()).balanceOf(address(_escrow)), held, "the escrow holds the open bonds");
        uint256 forfeited = IERC20(_handler.BOND_TOKEN()).balanceOf(_handler.TREASURY());
        assertEq(forfeited, _handler.ghostBondsForfeited(), "forfeited to the treasury");
    }

    /* A FIXED SEQUENCE */

    /// @dev Walks every handler action in a fixed order and checks every property, so a broken handler or property
    /// shows up here with a readable trace before the random campaigns run.
    function testHandlerSequenceKeepsEveryProperty() public {
        _handler.deposit(0, 0, 1e21);
        _handler.redeem(0, 0, 0, 1e20, 1_000);
        _handler.redeem(0, 1, 0, 1e24, 0); // beyond the escrow: refused
        _handler.replay(0, 0, 0);
        _handler.requestWithdrawal(0, 0, type(uint256).max);
        _handler.completeWithdrawal(0, 0); // before the delay: refused
        _handler.anchorAndDispute(0);
        _handler.redeem(0, 0, 0, 1e19, 500); // frozen
        _handler.warp(2 days);
        _handler.completeWithdrawal(0, 0);
        _handler.resolve(true);
        _handler.deposit(1, 1, 1e22);
        _handler.redeem(1, 0, 1, 1e18, 10); // barred
        _handler.redeem(1, 1, 1, 1e18, 10);
        _handler.anchorAndDispute(1);
        _handler.resolve(false);
        _handler.redeem(1, 1, 1, 1e18, 10);
        assertEq(_handler.calls("redeem"), 3, "paid redemptions");
        assertEq(_handler.calls("redeemBeyondEscrow"), 1, "beyond the escrow");
        assertEq(_handler.calls("redeemFrozen"), 2, "frozen and barred");
        assertEq(_handler.calls("completeWithdrawalEarly") + _handler.calls("completeWithdrawal"), 2, "withdrawals");
        assertEq(_handler.calls("uphold") + _handler.calls("reject"), 2, "resolutions");
        invariantEveryDepositedUnitIsEscrowedRedeemedOrWithdrawn();
        invariantRedemptionsArriveWhereDue();
        invariantNoChannelRedeemsMoreThanItsPayerSigned();
        invariantAFrozenPeriodNeverPays();
        invariantDisputeBondsAreAccountedFor();
    }

    function _escrowed(address token) private view returns (uint256 sum) {
        for (uint256 p; p < _handler.PAYERS(); ++p) {
            (uint256 balance,,) = _escrow.escrowOf(_handler.payerAt(p), IERC20(token));
            sum += balance;
        }
    }
}
