// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `ContributionLedger.revoke`: the attester who attested a contribution revokes it with a reason and may
/// attest a corrected one in its place; governance strikes any for good.
contract RevokeTest is BaseTest {
    IContributionLedger.Contribution private _c;
    bytes32 private _id;

    function setUp() public override {
        super.setUp();
        _c = _contribution(carol, 1, "r");
        vm.prank(attester);
        _id = ledger.attest(_c);
    }

    function testRevokeMarksTheContributionRevokedAndEmitsTheReason() public {
        vm.expectEmit(address(ledger));
        emit IContributionLedger.ContributionRevoked(_id, attester, "plagiarised");
        vm.prank(attester);
        ledger.revoke(_id, "plagiarised");
        assertEq(uint256(ledger.statusOf(_id)), uint256(IContributionLedger.Status.Revoked), "status");
    }

    function testRevokeByAnotherAttesterThanTheOneWhoAttestedShouldRevert() public {
        // Issue 10, finding 6: any attester could revoke any attester's contribution.
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, bob);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotItsAttester.selector, _id, bob, attester)
        );
        ledger.revoke(_id, "wrong asset");
        assertEq(ledger.attesterOf(_id), attester, "the attestation stays its attester's");
    }

    function testGovernanceStrikesAnyAttestationForGood() public {
        vm.expectEmit(address(ledger));
        emit IContributionLedger.ContributionRevoked(_id, ADMIN, "attester key compromised");
        vm.prank(ADMIN);
        ledger.revoke(_id, "attester key compromised");
        assertEq(uint256(ledger.statusOf(_id)), uint256(IContributionLedger.Status.Struck), "status");

        // Not even its own attester attests it again.
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, _id));
        ledger.attest(_c);
    }

    function testAnAttesterWhoseRoleWasRevokedCanNoLongerRevoke() public {
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.revokeRole(role, attester);
        vm.prank(attester);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionLedger.ContributionLedgerNotItsAttester.selector, _id, attester, attester
            )
        );
        ledger.revoke(_id, "too late");
    }

    function testFuzz_RevokedContributionIsSupersededByACorrectedAttestation(
        IContributionLedger.Contribution memory contribution,
        uint64 correctedLabor
    ) public {
        // Issue 10, finding 6: revocation was final, so a corrected attestation of the same evidence was impossible.
        contribution = _valid(contribution);
        vm.startPrank(attester);
        bytes32 id = ledger.attest(contribution);
        ledger.revoke(id, "labor overstated");
        assertEq(uint256(ledger.statusOf(id)), uint256(IContributionLedger.Status.Revoked), "status");
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotAttested.selector, id));
        ledger.revoke(id, "twice");

        contribution.laborMicroUsd = correctedLabor;
        contribution = _valid(contribution);
        _expectAttested(contribution, attester);
        assertEq(ledger.attest(contribution), id, "the same id");
        vm.stopPrank();
        assertEq(uint256(ledger.statusOf(id)), uint256(IContributionLedger.Status.Attested), "attested again");
    }

    function testGovernanceStrikesARevokedContributionSoItCannotBeAttestedAgain() public {
        vm.prank(attester);
        ledger.revoke(_id, "withdrawn while governance looks into it");
        vm.prank(ADMIN);
        ledger.revoke(_id, "fabricated evidence");
        assertEq(uint256(ledger.statusOf(_id)), uint256(IContributionLedger.Status.Struck), "struck");
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, _id));
        ledger.attest(_c);
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotAttested.selector, _id));
        ledger.revoke(_id, "twice");
    }

    function testASupersedingAttestationBelongsToItsNewAttester() public {
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, bob);
        vm.prank(attester);
        ledger.revoke(_id, "wrong contributor's costs");
        vm.prank(bob);
        ledger.attest(_c);
        assertEq(ledger.attesterOf(_id), bob, "bob's now");
        vm.prank(attester);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotItsAttester.selector, _id, attester, bob)
        );
        ledger.revoke(_id, "not mine any more");
    }

    function testAnAttestedContributionCannotBeAttestedAgain() public {
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, _id));
        ledger.attest(_c);
    }

    function testFuzz_RevokeOfAnIdNeverAttestedShouldRevert(bytes32 id) public {
        vm.assume(id != _id);
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotAttested.selector, id));
        ledger.revoke(id, "?");
    }

    function testRevokeByAnyoneButAnAttesterShouldRevert() public {
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionLedger.ContributionLedgerNotItsAttester.selector, _id, stranger, attester
            )
        );
        ledger.revoke(_id, "mine now");
    }
}
