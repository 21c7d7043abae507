// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {TestBase} from "../utils/TestBase.t.sol";
import {PayoutHandler} from "./PayoutHandler.t.sol";

/// @notice Invariants of the money path, from revenue paid into the router to claims out of the distributor, under
/// random sequences of the handler's actions. Every action checks its own effects and the campaign fails on any
/// revert, so a broken step fails as loudly as a broken property.
/// @dev The runner needs the handler's artifact, so run this file together with it:
/// `npx hardhat test solidity contracts/test/invariant/*.t.sol` (the whole suite does so anyway).
contract PayoutInvariantsTest is TestBase {
    /// @dev The shape the invariant runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    PayoutHandler private _handler;
    PayoutDistributor private _distributor;

    function setUp() public {
        _handler = new PayoutHandler();
        _distributor = _handler.distributor();
    }

    /// @notice Only the handler is called; it deploys and owns the system.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    /// @notice The handler's actions, weighted by listing the common ones more than once.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = PayoutHandler.pay.selector;
        selectors[1] = PayoutHandler.pay.selector;
        selectors[2] = PayoutHandler.setSplit.selector;
        selectors[3] = PayoutHandler.runEpoch.selector;
        selectors[4] = PayoutHandler.runEpoch.selector;
        selectors[5] = PayoutHandler.claim.selector;
        selectors[6] = PayoutHandler.claim.selector;
        selectors[7] = PayoutHandler.claimAgain.selector;
        selectors[8] = PayoutHandler.claimMoreThanTheLeaf.selector;
        selectors[9] = PayoutHandler.claimWithSig.selector;
        selectors[10] = PayoutHandler.claimBatch.selector;
        selectors[11] = PayoutHandler.togglePause.selector;
        selectors[12] = PayoutHandler.payWithPermit.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(_handler), selectors);
    }

    /* PROPERTIES */

    /// @notice Claims are paid from finalised roots only, whose totals bound what their leaves can pay.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantClaimedNeverExceedsFinalisedTotal() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            address token = _handler.tokenAt(t);
            (, uint256 allocated) = _distributor.tokenTotals(token);
            assertLe(_claimedOf(token), allocated, "claimed <= finalised total");
        }
    }

    /// @notice A proposal's totals are checked against funding, and funding never decreases.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantFinalisedTotalNeverExceedsFunding() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            (uint256 funded, uint256 allocated) = _distributor.tokenTotals(_handler.tokenAt(t));
            assertLe(allocated, funded, "finalised total <= funded");
        }
    }

    /// @notice Every funded unit is in the vault until a finalised root allocates it, then in the distributor until
    /// it is claimed: the distributor's balance is the per-token bound on claims.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantDistributorHoldsAllocatedMinusClaimedAndTheVaultTheRest() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            address token = _handler.tokenAt(t);
            (uint256 funded, uint256 allocated) = _distributor.tokenTotals(token);
            assertEq(IERC20(token).balanceOf(address(_distributor)), allocated - _claimedOf(token), "distributor");
            assertEq(IERC20(token).balanceOf(_distributor.vault()), funded - allocated, "vault");
        }
    }

    /// @notice The distributor's recorded funding is exactly the pool shares the router sent it.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantFundedIsTheSumOfPoolShares() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            address token = _handler.tokenAt(t);
            (uint256 funded,) = _distributor.tokenTotals(token);
            assertEq(funded, _handler.ghostPool(token), "funded == pool shares");
        }
    }

    /// @notice The router splits each payment in full: fee, reserve and pool add up to it and arrive where due.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantRouterSplitsConserveEveryUnit() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            address token = _handler.tokenAt(t);
            uint256 fees = _handler.ghostFees(token);
            uint256 reserve = _handler.ghostReserve(token);
            assertEq(fees + reserve + _handler.ghostPool(token), _handler.ghostPaid(token), "fee + reserve + pool");
            assertEq(IERC20(token).balanceOf(_handler.TREASURY()), fees, "treasury balance");
            assertEq(IERC20(token).balanceOf(_handler.RESERVE()), reserve, "reserve balance");
        }
    }

    /// @notice The router passes everything on within the payment, so it never keeps a unit.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantRouterHoldsNothing() public view {
        for (uint256 t; t < _handler.TOKENS(); ++t) {
            assertEq(IERC20(_handler.tokenAt(t)).balanceOf(address(_handler.router())), 0, "router balance");
        }
    }

    /// @notice Claims pay `cumulative - claimed`, so the total paid out for a leaf never exceeds its cumulative.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantNoAccountIsPaidMoreThanItsCumulative() public view {
        for (uint256 a; a < _handler.ACCOUNTS(); ++a) {
            address account = _handler.accountAt(a);
            for (uint256 t; t < _handler.TOKENS(); ++t) {
                address token = _handler.tokenAt(t);
                uint256 paidOut = _handler.ghostPaidOut(account, token);
                assertEq(_distributor.claimed(account, token), paidOut, "claimed == paid out");
                assertLe(paidOut, _handler.cumulativeOf(a, t), "paid out <= cumulative");
            }
        }
    }

    /// @notice Each finalisation is of the epoch after the last, and covers the blocks right after its range.
    /// hardhat-config: invariant.failOnRevert = true
    /// hardhat-config: invariant.depth = 64
    function invariantEpochsAreStrictlySequential() public view {
        (uint64 epoch, uint64 toBlock) = _distributor.finalisedEpoch();
        assertEq(epoch, _handler.ghostEpochs(), "finalised epoch == epochs run");
        assertEq(toBlock, _handler.ghostLastToBlock(), "last block");
        (uint64 pendingEpoch,, uint64 deadline) = _distributor.pendingProposal();
        assertEq(deadline, 0, "no proposal left pending");
        assertEq(pendingEpoch, 0, "no pending epoch");
    }

    /* A FIXED SEQUENCE */

    /// @dev Walks every handler action once in a fixed order and checks every property, so a broken handler or
    /// property shows up here with a readable trace before the random campaigns run.
    /// @notice Every bond posted is held, returned or forfeited, and the vault holds exactly what is held plus the
    /// reserve for rewards: no dispute moves a unit it should not.
    /// hardhat-config: invariant.failOnRevert = true
    function invariantDisputeBondsAreAccountedFor() public view {
        (,, uint256 held) = _distributor.pendingDispute();
        (uint256 posted, uint256 returned, uint256 forfeited,, uint256 reserve) = _handler.ghostBonds();
        assertEq(posted, held + returned + forfeited, "bonds posted = held + returned + forfeited");
        assertEq(
            IERC20(_handler.BOND_TOKEN()).balanceOf(_distributor.bondVault()),
            held + reserve,
            "the bond vault holds the pending bond and the reward reserve"
        );
    }

    function testHandlerSequenceKeepsEveryProperty() public {
        _handler.pay(0, 0, 1_000e18);
        _handler.pay(1, 1, 7_777_777);
        _handler.payWithPermit(2, 3_333_333);
        _handler.claim(3);
        _handler.runEpoch(8);
        _handler.claim(0);
        _handler.claimAgain();
        _handler.claimMoreThanTheLeaf(2, 1);
        _handler.setSplit(1_000, 10_000);
        _handler.pay(1, 2, 12_345_678_901);
        _handler.runEpoch(uint256(keccak256("second epoch")));
        _handler.claimWithSig(5, 1);
        _handler.claimBatch(1);
        _handler.togglePause();
        _handler.claim(6);
        _handler.runEpoch(uint256(keccak256("epoch while paused")));
        _handler.togglePause();
        _handler.claim(6);
        _handler.claimAgain();
        _handler.warp(1 days);
        // A wrong root disputed before each of two epochs: upheld (with a reward), then rejected (and expired).
        _handler.pay(0, 1, 5e18);
        _handler.runEpoch(2 << 8);
        _handler.runEpoch((2 << 8) | (3 << 40));

        assertEq(_handler.calls("runEpoch"), 5, "epochs run");
        assertEq(_handler.calls("payWithPermit"), 1, "a payment with a permit");
        assertEq(_handler.calls("disputeUpheld"), 1, "a dispute was upheld");
        assertEq(_handler.calls("disputeRejected"), 1, "a dispute was rejected");
        (,,, uint256 rewardsPaid,) = _handler.ghostBonds();
        assertEq(rewardsPaid, 1e17, "the upheld dispute's reward");
        invariantDisputeBondsAreAccountedFor();
        assertTrue(_handler.ghostEpochs() >= 3, "finalised numbers count vetoed ones too");
        assertTrue(_handler.calls("veto") >= 1, "a proposal was vetoed");
        invariantClaimedNeverExceedsFinalisedTotal();
        invariantFinalisedTotalNeverExceedsFunding();
        invariantDistributorHoldsAllocatedMinusClaimedAndTheVaultTheRest();
        invariantFundedIsTheSumOfPoolShares();
        invariantRouterSplitsConserveEveryUnit();
        invariantRouterHoldsNothing();
        invariantNoAccountIsPaidMoreThanItsCumulative();
        invariantEpochsAreStrictlySequential();
    }

    /* HELPERS */

    /// @dev What the fixed accounts have claimed of `token` in total.
    function _claimedOf(address token) private view returns (uint256 total) {
        for (uint256 a; a < _handler.ACCOUNTS(); ++a) {
            total += _distributor.claimed(_handler.accountAt(a), token);
        }
    }
}
