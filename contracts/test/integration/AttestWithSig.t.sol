// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `ContributionLedger.attestWithSig`: any relayer submits what an attester (an EOA or an ERC-1271 wallet)
/// signed over EIP-712, once, before its deadline. (The signatures ethers makes from the shared typed data are
/// checked by the mocha cross-check.)
contract AttestWithSigTest is BaseTest {
    function testFuzz_AttestWithSigAttestsOnceAndSpendsTheNonce(bytes32 seed, uint256 count, address relayer)
        public
    {
        IContributionLedger.Contribution[] memory batch = _batch(seed, bound(count, 1, 8));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, batch, attester, 0, deadline);
        for (uint256 i; i < batch.length; ++i) {
            _expectAttested(batch[i], attester);
        }

        vm.prank(relayer);
        ledger.attestWithSig(batch, attester, deadline, signature);

        assertEq(ledger.nonces(attester), 1, "nonce");
        for (uint256 i; i < batch.length; ++i) {
            assertEq(_statusOf(batch[i]), uint256(IContributionLedger.Status.Attested), "status");
        }
        // A replay is checked against the next nonce, so the old signature no longer matches.
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, attester)
        );
        ledger.attestWithSig(batch, attester, deadline, signature);
    }

    function testAttestWithSigAtItsDeadlineShouldSucceedAndAfterShouldRevert() public {
        uint256 deadline = block.timestamp + 1 hours;
        IContributionLedger.Contribution[] memory onTime = _one(_contribution(carol, 1, "on time"));
        bytes memory onTimeSignature = _signAttestation(ATTESTER_KEY, onTime, attester, 0, deadline);
        vm.warp(deadline);
        vm.prank(RELAYER);
        ledger.attestWithSig(onTime, attester, deadline, onTimeSignature);
        assertEq(_statusOf(onTime[0]), uint256(IContributionLedger.Status.Attested), "attested at the deadline");

        IContributionLedger.Contribution[] memory late = _one(_contribution(carol, 1, "late"));
        bytes memory lateSignature = _signAttestation(ATTESTER_KEY, late, attester, 1, deadline);
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerExpiredSignature.selector, deadline)
        );
        ledger.attestWithSig(late, attester, deadline, lateSignature);
    }

    function testAttestWithSigOfASignerWithoutTheAttesterRoleShouldRevert() public {
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "s1"));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(STRANGER_KEY, batch, stranger, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, stranger)
        );
        ledger.attestWithSig(batch, stranger, deadline, signature);
    }

    function testFuzz_AttestWithSigOfAnotherKeyShouldRevert(bytes32 seed, uint256 key) public {
        key = bound(key, 1, SECP256K1_N - 1);
        vm.assume(key != ATTESTER_KEY);
        IContributionLedger.Contribution[] memory batch = _batch(seed, 2);
        uint256 deadline = block.timestamp;
        bytes memory signature = _signAttestation(key, batch, attester, 0, deadline);

        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, attester)
        );
        ledger.attestWithSig(batch, attester, deadline, signature);
    }

    function testAttestWithSigOfContributionsOtherThanTheSignedOnesShouldRevert() public {
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "s1"));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, batch, attester, 0, deadline);
        bytes memory invalid =
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, attester);

        IContributionLedger.Contribution[] memory inflated = _one(_contribution(carol, 1, "s1"));
        inflated[0].laborMicroUsd = 1e12;
        vm.expectRevert(invalid);
        ledger.attestWithSig(inflated, attester, deadline, signature);

        IContributionLedger.Contribution[] memory otherUri = _one(_contribution(carol, 1, "s1"));
        otherUri[0].evidenceUri = "ipfs://other";
        vm.expectRevert(invalid);
        ledger.attestWithSig(otherUri, attester, deadline, signature);
    }

    function testAttestWithSigForAnotherDeadlineShouldRevert() public {
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "s1"));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, batch, attester, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, attester)
        );
        ledger.attestWithSig(batch, attester, deadline + 1, signature);
    }

    function testAttestWithSigOfAnAttesterWhoseRoleWasRevokedSinceShouldRevert() public {
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "s1"));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, batch, attester, 0, deadline);
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.revokeRole(role, attester);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, attester)
        );
        ledger.attestWithSig(batch, attester, deadline, signature);
    }

    function testAttestWithSigOfAnEmptyBatchShouldRevert() public {
        IContributionLedger.Contribution[] memory empty = new IContributionLedger.Contribution[](0);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signAttestation(ATTESTER_KEY, empty, attester, 0, deadline);
        vm.expectRevert(IContributionLedger.ContributionLedgerEmptyBatch.selector);
        ledger.attestWithSig(empty, attester, deadline, signature);
    }

    function testAttestWithSigOfAnErc1271WalletAttesterShouldSucceedWithItsOwnersSignatureOnly() public {
        address walletAddress = address(wallet);
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, walletAddress);
        IContributionLedger.Contribution[] memory batch = _one(_contribution(carol, 1, "wallet"));
        uint256 deadline = block.timestamp + 1 hours;

        bytes memory forged = _signAttestation(STRANGER_KEY, batch, walletAddress, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, walletAddress)
        );
        ledger.attestWithSig(batch, walletAddress, deadline, forged);

        bytes memory byOwner = _signAttestation(ACCOUNT_KEY + 1, batch, walletAddress, 0, deadline);
        _expectAttested(batch[0], walletAddress);
        vm.prank(RELAYER);
        ledger.attestWithSig(batch, walletAddress, deadline, byOwner);
        assertEq(ledger.nonces(walletAddress), 1, "wallet nonce");
    }
}
