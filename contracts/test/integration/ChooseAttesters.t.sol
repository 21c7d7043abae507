// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice Asset owners choose which attesters may attest to their asset (`setAttestersRestricted`,
/// `setAttesterChosen`), and the ledger holds every attesting entry point to that choice.
contract ChooseAttestersTest is BaseTest {
    /// @dev A second attester, holding the ledger's role, whom asset 1's owner (alice) did not choose.
    uint256 private constant _ROGUE_KEY = 0x0BAD;
    address private _rogue;

    function setUp() public override {
        super.setUp();
        _rogue = vm.addr(_ROGUE_KEY);
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, _rogue);
    }

    function testAnyAttesterMayAttestToAnAssetWhoseOwnerChoseNone() public {
        _assertAttesterStatus(1, _rogue, IAssetRegistry.AttesterStatus.Allowed);
        vm.prank(_rogue);
        ledger.attest(_contribution(carol, 1, "open"));
    }

    function testOnlyChosenAttestersMayAttestToARestrictedAsset() public {
        vm.startPrank(alice);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AttesterChosen(1, attester, true);
        registry.setAttesterChosen(1, attester, true);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AttestersRestricted(1, true);
        registry.setAttestersRestricted(1, true);
        vm.stopPrank();

        _assertAttesterStatus(1, attester, IAssetRegistry.AttesterStatus.Allowed);
        _assertAttesterStatus(1, _rogue, IAssetRegistry.AttesterStatus.NotChosen);
        IContributionLedger.Contribution memory c = _contribution(carol, 1, "restricted");
        vm.prank(_rogue);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerAttesterNotChosen.selector, 1, _rogue)
        );
        ledger.attest(c);
        vm.prank(attester);
        ledger.attest(c);

        // Other assets stay open.
        vm.prank(_rogue);
        ledger.attest(_contribution(carol, 2, "other asset"));
    }

    function testAWithdrawnChoiceOrALiftedRestrictionTakesEffectAtOnce() public {
        vm.startPrank(alice);
        registry.setAttesterChosen(1, attester, true);
        registry.setAttestersRestricted(1, true);
        registry.setAttesterChosen(1, attester, false);
        vm.stopPrank();
        vm.prank(attester);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerAttesterNotChosen.selector, 1, attester)
        );
        ledger.attest(_contribution(carol, 1, "withdrawn"));

        vm.prank(alice);
        registry.setAttestersRestricted(1, false);
        vm.prank(_rogue);
        ledger.attest(_contribution(carol, 1, "lifted"));
    }

    function testFuzz_OnlyTheOwnerChoosesAttesters(address caller) public {
        vm.assume(caller != alice);
        vm.startPrank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, 1, caller));
        registry.setAttestersRestricted(1, true);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, 1, caller));
        registry.setAttesterChosen(1, caller, true);
        vm.stopPrank();
    }

    function testChoosingForAnAssetThatDoesNotExistShouldRevert() public {
        uint256 missing = ASSETS + 1;
        vm.expectRevert(abi.encodeWithSignature("ERC721NonexistentToken(uint256)", missing));
        registry.setAttestersRestricted(missing, true);
        _assertAttesterStatus(missing, attester, IAssetRegistry.AttesterStatus.UnknownAsset);
    }

    function testARestrictedAssetHoldsBatchesAndSignedBatchesToTheChoiceToo() public {
        vm.prank(alice);
        registry.setAttestersRestricted(1, true);
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "batched"));
        bytes memory notChosen =
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerAttesterNotChosen.selector, 1, _rogue);
        vm.prank(_rogue);
        vm.expectRevert(notChosen);
        ledger.attestBatch(batch);
        uint256 deadline = block.timestamp;
        bytes memory signature = _signAttestation(_ROGUE_KEY, batch, _rogue, 0, deadline);
        vm.expectRevert(notChosen);
        ledger.attestWithSig(batch, _rogue, deadline, signature);
    }

    /// @dev The ledger asks the registry once per run of items on the same asset: an asset whose owner did not
    /// choose the attester still refuses the batch after a run on an open asset, and after a run on itself.
    function testABatchIsCheckedForEveryAssetItNamesHoweverItsItemsRun() public {
        vm.startPrank(alice);
        registry.setAttesterChosen(1, attester, true);
        registry.setAttestersRestricted(1, true);
        vm.stopPrank();
        IContributionLedger.Contribution[] memory batch = new IContributionLedger.Contribution[](4);
        batch[0] = _contribution(carol, 2, "open a");
        batch[1] = _contribution(bob, 2, "open b");
        batch[2] = _contribution(carol, 1, "restricted");
        batch[3] = _contribution(carol, 2, "open c");
        vm.prank(_rogue);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerAttesterNotChosen.selector, 1, _rogue)
        );
        ledger.attestBatch(batch);

        // Asset 2, 1, then 2 again: each run asks afresh, so the chosen attester's interleaved batch is attested.
        vm.prank(attester);
        ledger.attestBatch(batch);
        for (uint256 i; i < batch.length; ++i) {
            assertEq(_statusOf(batch[i]), uint256(IContributionLedger.Status.Attested), "status");
        }
    }

    function testABatchOpeningOnAssetZeroShouldRevertAsAnUnknownAsset() public {
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerUnknownAsset.selector, 0));
        ledger.attestBatch(_one(_contribution(carol, 0, "no asset")));
    }

    function testARogueAttesterCannotPreemptAChosenAttestersSignedBatch() public {
        // Issue 10, finding 6: pre-attesting one item of another attester's signed batch made the whole batch
        // unexecutable. On an asset whose owner chose its attester, the rogue's attestation is refused.
        vm.startPrank(alice);
        registry.setAttesterChosen(1, attester, true);
        registry.setAttestersRestricted(1, true);
        vm.stopPrank();
        IContributionLedger.Contribution[] memory batch = new IContributionLedger.Contribution[](2);
        batch[0] = _contribution(carol, 1, "first");
        batch[1] = _contribution(bob, 1, "second");
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, batch, attester, 0, deadline);

        vm.prank(_rogue);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerAttesterNotChosen.selector, 1, _rogue)
        );
        ledger.attest(batch[1]);

        ledger.attestWithSig(batch, attester, deadline, signature);
        assertEq(ledger.attesterOf(_idOf(batch[1])), attester, "attested by the chosen attester");
    }

    function testTheChoiceIsReadFromTheSlotTheCompilerWrites() public {
        // `attesterStatus` reads the policy word in assembly; the flags are written by the compiler. Register an
        // asset with every member of that word non-zero, then flip each flag and read it back.
        uint256[] memory parents = new uint256[](1);
        parents[0] = 1;
        uint16[] memory weights = new uint16[](1);
        weights[0] = type(uint16).max / 7;
        vm.prank(bob);
        uint256 assetId =
            registry.register(keccak256("layout"), "", IAssetRegistry.AssetKind.Other, parents, weights);
        vm.startPrank(bob);
        registry.setAttestersRestricted(assetId, true);
        _assertAttesterStatus(assetId, attester, IAssetRegistry.AttesterStatus.NotChosen);
        registry.setAttesterChosen(assetId, attester, true);
        _assertAttesterStatus(assetId, attester, IAssetRegistry.AttesterStatus.Allowed);
        registry.setAttestersRestricted(assetId, false);
        _assertAttesterStatus(assetId, _rogue, IAssetRegistry.AttesterStatus.Allowed);
        vm.stopPrank();
        (, IAssetRegistry.AssetKind kind, uint16 upstreamShareBps) = registry.assetInfo(assetId);
        assertEq(uint256(kind), uint256(IAssetRegistry.AssetKind.Other), "kind untouched");
        assertEq(upstreamShareBps, weights[0], "upstream share untouched");
    }
}
