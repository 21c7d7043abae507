// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `ContributionLedger.attestBatch`: all of a batch is attested, one event each, or none of it.
contract AttestBatchTest is BaseTest {
    function testAttestBatchAttestsEveryContributionWithOneEventEach() public {
        IContributionLedger.Contribution[] memory batch = new IContributionLedger.Contribution[](3);
        batch[0] = _contribution(carol, 1, "b1");
        batch[1] = _contribution(bob, 2, "b2");
        batch[2] = _contribution(carol, 2, "b3");
        for (uint256 i; i < batch.length; ++i) {
            _expectAttested(batch[i], attester);
        }
        vm.prank(attester);
        ledger.attestBatch(batch);
        for (uint256 i; i < batch.length; ++i) {
            assertEq(_statusOf(batch[i]), uint256(IContributionLedger.Status.Attested), "status");
        }
    }

    function testFuzz_AttestBatchAttestsDistinctContributionsUnderDistinctIds(bytes32 seed, uint256 count) public {
        IContributionLedger.Contribution[] memory batch = _batch(seed, bound(count, 1, 16));
        vm.prank(attester);
        ledger.attestBatch(batch);
        for (uint256 i; i < batch.length; ++i) {
            assertEq(_statusOf(batch[i]), uint256(IContributionLedger.Status.Attested), "status");
        }
    }

    function testAttestBatchThatIsEmptyShouldRevert() public {
        vm.prank(attester);
        vm.expectRevert(IContributionLedger.ContributionLedgerEmptyBatch.selector);
        ledger.attestBatch(new IContributionLedger.Contribution[](0));
    }

    function testFuzz_AttestBatchRepeatingAContributionShouldRevertAsAWhole(
        bytes32 seed,
        uint256 count,
        uint256 original,
        uint256 copy
    ) public {
        count = bound(count, 2, 16);
        IContributionLedger.Contribution[] memory batch = _batch(seed, count);
        original = bound(original, 0, count - 1);
        copy = bound(copy, 0, count - 1);
        vm.assume(original != copy);
        (uint256 first, uint256 second) = original < copy ? (original, copy) : (copy, original);
        (batch[second].assetId, batch[second].contributor, batch[second].evidenceHash) =
            (batch[first].assetId, batch[first].contributor, batch[first].evidenceHash);
        bytes32 id = _idOf(batch[first]);

        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, id));
        ledger.attestBatch(batch);
        for (uint256 i; i < count; ++i) {
            assertEq(_statusOf(batch[i]), uint256(IContributionLedger.Status.None), "nothing attested");
        }
    }

    function testAttestBatchWithAnInvalidItemShouldRevertAsAWhole() public {
        IContributionLedger.Contribution[] memory batch = new IContributionLedger.Contribution[](2);
        batch[0] = _contribution(carol, 1, "ok");
        batch[1] = _contribution(carol, 7, "x");
        vm.prank(attester);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerUnknownAsset.selector, 7));
        ledger.attestBatch(batch);
        assertEq(_statusOf(batch[0]), uint256(IContributionLedger.Status.None), "the valid item is not attested");
    }

    function testAttestBatchByAnyoneButAnAttesterShouldRevert() public {
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(stranger);
        _expectUnauthorized(stranger, role);
        ledger.attestBatch(_one(_contribution(carol, 1, "c")));
    }
}
