// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.dispute`, `resolveDispute` and `setDisputeTerms`: anyone disputes a pending root with a
/// bond; a disputed root waits; guardians or governance uphold (veto, bond back and a reward), only governance
/// rejects (the bond to the treasury).
contract DisputeTest is BaseTest {
    uint96 private constant _BOND = 1_000e18;
    uint96 private constant _REWARD = 250e18;
    address private constant _TREASURY = address(0x7EA5);
    address private _disputer;

    function setUp() public override {
        super.setUp();
        _disputer = accounts[3];
        vm.prank(ADMIN);
        distributor.setDisputeTerms(IPayoutDistributor.DisputeTerms(tokens[0], _BOND, _REWARD, _TREASURY));
        // The treasury's reward reserve, and the disputer's bond.
        tokenA.mint(distributor.bondVault(), 10_000e18);
        tokenA.mint(_disputer, _BOND);
        vm.prank(_disputer);
        tokenA.approve(address(distributor), _BOND);
    }

    function testADisputedProposalWaitsAndCanNeitherBeFinalisedNorExpire() public {
        // Issue 10, finding 8: one guardian was the only defence during the window.
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("disputed");
        bytes32 hash = distributor.hashProposal(proposal);
        uint256 deadline = _propose(proposal);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochDisputed(1, hash, _disputer, tokens[0], _BOND, "root differs from mine");
        vm.prank(_disputer);
        distributor.dispute("root differs from mine");
        (address disputer, address token, uint256 bond) = distributor.pendingDispute();
        assertEq(disputer, _disputer, "disputer");
        assertEq(token, tokens[0], "bond token");
        assertEq(bond, _BOND, "bond");
        assertEq(tokenA.balanceOf(distributor.bondVault()), 10_000e18 + _BOND, "bond held apart from payouts");

        vm.warp(deadline + 10 * CHALLENGE_PERIOD);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorDisputed.selector, 1));
        distributor.finalise(proposal);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorDisputed.selector, 1));
        distributor.clearExpiredProposal();
    }

    function testAGuardianUpholdsADisputeAtOnce() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("wrong");
        bytes32 hash = distributor.hashProposal(proposal);
        _propose(proposal);
        vm.prank(_disputer);
        distributor.dispute("wrong root");
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.EpochVetoed(1, hash, SECOND_GUARDIAN, "confirmed");
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.DisputeResolved(1, hash, SECOND_GUARDIAN, true, _REWARD, "confirmed");
        vm.prank(SECOND_GUARDIAN);
        distributor.resolveDispute(true, "confirmed");

        assertEq(tokenA.balanceOf(_disputer), _BOND + _REWARD, "bond back plus the reward");
        (,, uint64 pendingDeadline) = distributor.pendingProposal();
        assertEq(pendingDeadline, 0, "vetoed");
        (address disputer,,) = distributor.pendingDispute();
        assertEq(disputer, address(0), "no dispute left");
        _proposeAndFinalise(_emptyProposal("the corrected root"));
    }

    function testAGuardiansVetoOfADisputedProposalUpholdsTheDisputeEvenAfterTheWindow() public {
        uint256 deadline = _propose(_emptyProposal("wrong"));
        vm.prank(_disputer);
        distributor.dispute("wrong root");
        vm.warp(deadline + 1);
        vm.prank(GUARDIAN);
        distributor.veto("the dispute is right");
        assertEq(tokenA.balanceOf(_disputer), _BOND + _REWARD, "upheld");
    }

    function testTheRewardIsWhatTheReserveHolds() public {
        vm.prank(address(distributor.bondVault()));
        tokenA.transfer(stranger, 10_000e18 - 100);
        _propose(_emptyProposal("wrong"));
        vm.prank(_disputer);
        distributor.dispute("wrong root");
        vm.prank(GUARDIAN);
        distributor.resolveDispute(true, "confirmed");
        assertEq(tokenA.balanceOf(_disputer), _BOND + 100, "the reserve's last 100 units");
    }

    function testGovernanceRejectsADisputeAndTheProposalIsFinalisedAfterItsWindow() public {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("right");
        bytes32 hash = distributor.hashProposal(proposal);
        uint256 deadline = _propose(proposal);
        vm.prank(_disputer);
        distributor.dispute("I think it is wrong");
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.DisputeResolved(1, hash, ADMIN, false, 0, "recomputed: the root is right");
        vm.prank(ADMIN);
        distributor.resolveDispute(false, "recomputed: the root is right");
        assertEq(tokenA.balanceOf(_TREASURY), _BOND, "the bond goes to the treasury");
        assertEq(tokenA.balanceOf(_disputer), 0, "nothing back");
        vm.warp(deadline);
        distributor.finalise(proposal);
        assertEq(distributor.root(), proposal.payoutRoot, "finalised");
    }

    function testFuzz_ResolvingByAnyoneElseShouldRevert(address caller, bool upheld) public {
        vm.assume(caller != ADMIN && caller != GUARDIAN && caller != SECOND_GUARDIAN);
        _propose(_emptyProposal("disputed"));
        vm.prank(_disputer);
        distributor.dispute("wrong");
        bytes32 guardianRole = distributor.GUARDIAN_ROLE();
        vm.prank(caller);
        if (upheld) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, guardianRole)
            );
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorOnlyGovernanceRejects.selector, caller)
            );
        }
        distributor.resolveDispute(upheld, "no");
    }

    function testAGuardianCannotRejectADispute() public {
        _propose(_emptyProposal("disputed"));
        vm.prank(_disputer);
        distributor.dispute("wrong");
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorOnlyGovernanceRejects.selector, GUARDIAN)
        );
        distributor.resolveDispute(false, "rejecting would let a root through: governance only");
    }

    function testDisputingTwiceAfterTheWindowWithoutAProposalOrWithoutTermsShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNoSuchProposal.selector, 0));
        distributor.dispute("nothing pending");
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("disputed");
        uint256 deadline = _propose(proposal);
        vm.prank(_disputer);
        distributor.dispute("wrong");
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorDisputed.selector, 1));
        distributor.dispute("again");
        vm.prank(ADMIN);
        distributor.resolveDispute(false, "right");
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorChallengeWindowOver.selector, deadline)
        );
        distributor.dispute("too late");
        vm.prank(ADMIN);
        distributor.setDisputeTerms(IPayoutDistributor.DisputeTerms(address(0), 0, 0, address(0)));
        distributor.finalise(proposal);
        _propose(_emptyProposal("next"));
        vm.expectRevert(IPayoutDistributor.PayoutDistributorDisputesDisabled.selector);
        distributor.dispute("disabled");
    }

    function testResolvingWithoutADisputeShouldRevert() public {
        _propose(_emptyProposal("undisputed"));
        vm.prank(GUARDIAN);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorNotDisputed.selector);
        distributor.resolveDispute(true, "nothing to resolve");
    }

    function testFuzz_SetDisputeTermsByAnyoneButTheAdminShouldRevert(address caller) public {
        vm.assume(caller != ADMIN);
        bytes32 adminRole = distributor.DEFAULT_ADMIN_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, adminRole);
        distributor.setDisputeTerms(IPayoutDistributor.DisputeTerms(tokens[0], 1, 0, _TREASURY));
    }

    function testSetDisputeTermsWithABondButNoTokenOrTreasuryShouldRevert() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        distributor.setDisputeTerms(IPayoutDistributor.DisputeTerms(address(0), 1, 0, _TREASURY));
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        distributor.setDisputeTerms(IPayoutDistributor.DisputeTerms(tokens[0], 1, 0, address(0)));
        vm.stopPrank();
    }
}
