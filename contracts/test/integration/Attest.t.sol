// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {ContributionLedger} from "../../ContributionLedger.sol";
import {RevertingRegistry, ShortRegistry, SilentRegistry, WordRegistry} from "../mocks/BrokenRegistries.sol";
import {Signing} from "../utils/Signing.t.sol";
import {Vm} from "../utils/Vm.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `ContributionLedger.attest` (and `contributionId`): a valid contribution is recorded once under the id of
/// its (asset, contributor, evidence) triple, with its full record in the event; the registry must answer.
contract AttestTest is BaseTest {
    function testAttestRecordsTheContributionAndEmitsItsFullRecord() public {
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "commit-1");
        assertEq(_statusOf(c), uint256(IContributionLedger.Status.None), "status before");
        _expectAttested(c, attester);
        vm.prank(attester);
        bytes32 id = ledger.attest(c);
        assertEq(id, _idOf(c), "returned id");
        assertEq(_statusOf(c), uint256(IContributionLedger.Status.Attested), "status after");
    }

    /// @dev The event is encoded by hand in assembly: it must be byte for byte what the ABI encoder makes, for
    /// URIs of any length (the string's zero padding included).
    function testFuzz_AttestEmitsTheRecordExactlyAsTheAbiEncodesIt(IContributionLedger.Contribution memory c) public {
        c = _valid(c);
        vm.recordLogs();
        vm.prank(attester);
        bytes32 id = ledger.attest(c);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 1, "one log");
        assertEq(logs[0].emitter, address(ledger), "emitter");
        assertEq(logs[0].topics.length, 4, "topics");
        assertEq(logs[0].topics[0], IContributionLedger.ContributionAttested.selector, "topic 0");
        assertEq(logs[0].topics[1], id, "id topic");
        assertEq(logs[0].topics[2], bytes32(c.assetId), "asset topic");
        assertEq(logs[0].topics[3], bytes32(uint256(uint160(c.contributor))), "contributor topic");
        assertEq(
            logs[0].data,
            abi.encode(attester, c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd, c.evidenceHash, c.evidenceUri),
            "data"
        );
    }

    function testAttestWithOnlyOneNonZeroCostShouldSucceedWhicheverItIs() public {
        for (uint256 i; i < 3; ++i) {
            IContributionLedger.Contribution memory c = _contribution(carol, 1, string(abi.encode("only", i)));
            c.laborMicroUsd = i == 0 ? 1 : 0;
            c.toolsMicroUsd = i == 1 ? 1 : 0;
            c.computeMicroUsd = i == 2 ? 1 : 0;
            _expectAttested(c, attester);
            vm.prank(attester);
            ledger.attest(c);
        }
    }

    function testAttestWithTheMaximalCostsShouldSucceed() public {
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "max");
        (c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd) = (type(uint64).max, type(uint64).max, type(uint64).max);
        _expectAttested(c, attester);
        vm.prank(attester);
        ledger.attest(c);
    }

    function testAttestTheSameEvidenceForAnotherContributorOrAnotherAssetShouldSucceed() public {
        vm.startPrank(attester);
        ledger.attest(_contribution(carol, 1, "shared"));
        ledger.attest(_contribution(bob, 1, "shared"));
        ledger.attest(_contribution(carol, 2, "shared"));
        vm.stopPrank();
        assertEq(_statusOf(_contribution(bob, 1, "shared")), uint256(IContributionLedger.Status.Attested), "bob's");
        assertEq(_statusOf(_contribution(carol, 2, "shared")), uint256(IContributionLedger.Status.Attested), "asset 2");
    }

    function testFuzz_SameContributionAttestedTwiceShouldRevert(
        IContributionLedger.Contribution memory contribution,
        IContributionLedger.Contribution memory again
    ) public {
        contribution = _valid(contribution);
        vm.prank(attester);
        bytes32 id = ledger.attest(contribution);

        // The same triple with any other costs or evidence URI is the same contribution.
        again = _valid(again);
        (again.assetId, again.contributor, again.evidenceHash) =
            (contribution.assetId, contribution.contributor, contribution.evidenceHash);
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, id));
        ledger.attest(again);
    }

    function testFuzz_AttestByAnyoneButAnAttesterShouldRevert(
        address caller,
        IContributionLedger.Contribution memory contribution
    ) public {
        vm.assume(caller != attester);
        contribution = _valid(contribution);
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, role);
        ledger.attest(contribution);
    }

    function testAttestByAnAttesterTheAdminAddedAndLaterRemovedShouldRevert() public {
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, carol);
        vm.prank(carol);
        ledger.attest(_contribution(carol, 1, "self"));
        vm.prank(ADMIN);
        ledger.revokeRole(role, carol);

        vm.prank(carol);
        _expectUnauthorized(carol, role);
        ledger.attest(_contribution(carol, 1, "self-2"));
    }

    function testFuzz_AttestToAnAssetThatDoesNotExistShouldRevert(
        IContributionLedger.Contribution memory contribution,
        uint256 assetId
    ) public {
        vm.assume(assetId == 0 || assetId > ASSETS);
        contribution = _valid(contribution);
        contribution.assetId = assetId;
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerUnknownAsset.selector, assetId));
        ledger.attest(contribution);
    }

    function testAttestToAssetZeroShouldRevert() public {
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerUnknownAsset.selector, 0));
        ledger.attest(_contribution(carol, 0, "c"));
    }

    function testAttestWithAZeroContributorShouldRevert() public {
        vm.prank(attester);
        vm.expectRevert(IContributionLedger.ContributionLedgerZeroContributor.selector);
        ledger.attest(_contribution(address(0), 1, "c"));
    }

    function testAttestWithAllCostsZeroShouldRevert() public {
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "c");
        (c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd) = (0, 0, 0);
        vm.prank(attester);
        vm.expectRevert(IContributionLedger.ContributionLedgerZeroCost.selector);
        ledger.attest(c);
    }

    function testAttestWithAZeroEvidenceHashShouldRevert() public {
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "c");
        c.evidenceHash = bytes32(0);
        vm.prank(attester);
        vm.expectRevert(IContributionLedger.ContributionLedgerZeroEvidence.selector);
        ledger.attest(c);
    }

    /* CONTRIBUTION IDS */

    function testFuzz_ContributionIdIsTheHashOfAssetContributorAndEvidence(
        uint256 assetId,
        address contributor,
        bytes32 evidenceHash
    ) public view {
        assertEq(
            ledger.contributionId(assetId, contributor, evidenceHash),
            keccak256(abi.encode(assetId, contributor, evidenceHash)),
            "contribution id"
        );
    }

    function testFuzz_DistinctTriplesHaveDistinctIds(
        uint256 assetA,
        address contributorA,
        bytes32 evidenceA,
        uint256 assetB,
        address contributorB,
        bytes32 evidenceB
    ) public view {
        vm.assume(assetA != assetB || contributorA != contributorB || evidenceA != evidenceB);
        assertTrue(
            ledger.contributionId(assetA, contributorA, evidenceA)
                != ledger.contributionId(assetB, contributorB, evidenceB),
            "distinct triples share an id"
        );
    }

    /* THE REGISTRY */

    // Issue 10, finding 9: the ledger ignored `returndatasize`, so a wrong registry address made every asset "exist".

    function testAttestWithARegistryThatIsNoContractShouldRevert() public {
        _expectInvalidRegistry(address(0xDEAD));
    }

    function testAttestWithARegistryReturningNothingShouldRevert() public {
        _expectInvalidRegistry(address(new SilentRegistry()));
    }

    function testAttestWithARegistryReturningLessThanAWordShouldRevert() public {
        _expectInvalidRegistry(address(new ShortRegistry()));
    }

    function testAttestWithARegistryAnsweringNoStatusShouldRevert() public {
        _expectInvalidRegistry(address(new WordRegistry()));
    }

    function testAttestWithARevertingRegistryShouldRevertWithItsError() public {
        ContributionLedger broken = _ledgerOn(address(new RevertingRegistry()));
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "bubble");
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(RevertingRegistry.RegistryUnavailable.selector, 7));
        broken.attest(c);
    }

    /// @dev A ledger whose registry is `registry_`.
    function _ledgerOn(address registry_) private returns (ContributionLedger) {
        address[] memory attesters = new address[](1);
        attesters[0] = attester;
        return new ContributionLedger(IAssetRegistry(registry_), ADMIN, ADMIN_DELAY, attesters);
    }

    /// @dev Every attesting entry point of a ledger on `registry_` reverts with `ContributionLedgerInvalidRegistry`.
    function _expectInvalidRegistry(address registry_) private {
        ContributionLedger broken = _ledgerOn(registry_);
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "no registry"));
        bytes memory invalidRegistry =
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidRegistry.selector, registry_);
        vm.startPrank(attester);
        vm.expectRevert(invalidRegistry);
        broken.attest(batch[0]);
        vm.expectRevert(invalidRegistry);
        broken.attestBatch(batch);
        vm.stopPrank();
        uint256 deadline = block.timestamp;
        bytes memory signature =
            Signing.sign(ATTESTER_KEY, Signing.attestDigest(address(broken), batch, attester, 0, deadline));
        vm.expectRevert(invalidRegistry);
        broken.attestWithSig(batch, attester, deadline, signature);
    }
}
