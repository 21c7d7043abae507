// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {Signing} from "../utils/Signing.t.sol";
import {Vm} from "../utils/Vm.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice Registration bound to authorship: a verifier's signed statement that an address wrote a content hash lets
/// that author mark its asset verified (`verifyAuthorship`) or take back an asset someone else registered first
/// (`reclaim`), with a lineage of its own; the squatter's choices lapse and its rate card is withdrawn.
contract AuthorshipTest is BaseTest {
    bytes32 private constant _WORK = keccak256("alice's public repository at v1.0");
    address private _squatter = address(0x5017);
    uint256 private _squatted;

    function setUp() public override {
        super.setUp();
        // Issue 10, finding 7: a content hash is first-come. The squatter registers alice's work first, routes its
        // upstream share to an asset of its own (asset 3) and keeps attesters to one it chose.
        vm.startPrank(_squatter);
        _squatted = registry.register(_WORK, "ipfs://stolen", IAssetRegistry.AssetKind.Code, _list(3), _weights(9_000));
        registry.setAttesterChosen(_squatted, _squatter, true);
        registry.setAttestersRestricted(_squatted, true);
        vm.stopPrank();
    }

    function testTheAuthorReclaimsASquattedAssetWithItsOwnLineage() public {
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AuthorshipVerified(_squatted, alice, verifier, _squatter);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.LineageReset(_squatted, _list(1), _weights(500), 500);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(_squatter, alice, _squatted);
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(1), _weights(500));

        assertEq(registry.ownerOf(_squatted), alice, "alice owns it");
        assertTrue(registry.isVerified(_squatted), "verified");
        (bytes32 contentHash,, uint16 upstreamShareBps) = registry.assetInfo(_squatted);
        assertEq(contentHash, _WORK, "same content");
        assertEq(upstreamShareBps, 500, "alice's lineage");
        // The squatter's choice of attesters lapsed: any attester may attest, and choosing again starts afresh.
        _assertAttesterStatus(_squatted, attester, IAssetRegistry.AttesterStatus.Allowed);
        vm.prank(alice);
        registry.setAttestersRestricted(_squatted, true);
        _assertAttesterStatus(_squatted, _squatter, IAssetRegistry.AttesterStatus.NotChosen);
        // The squatter can neither take it back nor touch it.
        vm.prank(_squatter);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, _squatted, _squatter));
        registry.setURI(_squatted, "ipfs://mine");
    }

    function testAReclaimWithdrawsTheSquattersRateCard() public {
        // A card the squatter published would price the contributions to alice's work by the squatter's terms.
        bytes32 card = keccak256("the squatter's rate card");
        vm.prank(_squatter);
        registry.setRateCard(_squatted, card);
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.LineageReset(_squatted, _list(), _weights(), 0);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.RateCardSet(_squatted, bytes32(0));
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(), _weights());
        assertEq(registry.rateCardOf(_squatted), bytes32(0), "no card");

        vm.prank(_squatter);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, _squatted, _squatter));
        registry.setRateCard(_squatted, card);
        vm.prank(alice);
        registry.setRateCard(_squatted, keccak256("alice's rate card"));
        assertEq(registry.rateCardOf(_squatted), keccak256("alice's rate card"), "alice's card");
    }

    function testAReclaimOfAnAssetWithoutARateCardEmitsNoRateCardSet() public {
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.recordLogs();
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(), _weights());
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 3, "AuthorshipVerified, LineageReset, Transfer");
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IAssetRegistry.RateCardSet.selector, "no RateCardSet");
        }
        assertEq(registry.rateCardOf(_squatted), bytes32(0), "still no card");
    }

    function testAnAuthorWhoRegisteredFirstIsVerifiedByAnyoneSubmittingTheStatement() public {
        vm.prank(alice);
        uint256 assetId =
            registry.register(keccak256("alice's own"), "", IAssetRegistry.AssetKind.Docs, _list(), _weights());
        IAssetRegistry.Authorship memory authorship = _authorshipOf(keccak256("alice's own"), alice, block.timestamp);
        assertFalse(registry.isVerified(assetId), "unverified at first");
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AuthorshipVerified(assetId, alice, verifier, alice);
        vm.prank(stranger);
        registry.verifyAuthorship(assetId, authorship);
        assertTrue(registry.isVerified(assetId), "verified");
        assertEq(registry.ownerOf(assetId), alice, "still alice's");
    }

    function testAVerifiedAssetCannotBeReclaimedOrVerifiedAgain() public {
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(), _weights());
        bytes memory verified = abi.encodeWithSelector(IAssetRegistry.AssetRegistryAlreadyVerified.selector, _squatted);
        // Even with a verifier's statement for someone else: the first verified author keeps it (governance can
        // replace a verifier who signed wrongly).
        IAssetRegistry.Authorship memory other = _authorship(bob, block.timestamp);
        vm.prank(bob);
        vm.expectRevert(verified);
        registry.reclaim(_squatted, other, _list(), _weights());
        vm.expectRevert(verified);
        registry.verifyAuthorship(_squatted, authorship);
    }

    function testVerifyingAnOwnerWhoIsNotTheAuthorShouldRevert() public {
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryAuthorIsNotOwner.selector, _squatted, alice, _squatter)
        );
        registry.verifyAuthorship(_squatted, authorship);
    }

    function testFuzz_OnlyTheAuthorItselfReclaims(address caller) public {
        vm.assume(caller != alice);
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.prank(caller);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotTheAuthor.selector, _squatted, caller, alice)
        );
        registry.reclaim(_squatted, authorship, _list(), _weights());
    }

    function testReclaimingWhatTheAuthorOwnsShouldRevert() public {
        IAssetRegistry.Authorship memory authorship = _authorship(_squatter, block.timestamp);
        vm.prank(_squatter);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryAuthorIsOwner.selector, _squatted, _squatter)
        );
        registry.reclaim(_squatted, authorship, _list(), _weights());
    }

    function testAStatementPastItsDeadlineShouldRevert() public {
        uint256 deadline = block.timestamp;
        IAssetRegistry.Authorship memory authorship = _authorship(alice, deadline);
        vm.warp(deadline + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryExpiredAuthorship.selector, deadline));
        registry.reclaim(_squatted, authorship, _list(), _weights());
    }

    function testFuzz_AStatementSignedByANonVerifierShouldRevert(uint256 key) public {
        key = bound(key, 1, SECP256K1_N - 1);
        address signer = vm.addr(key);
        vm.assume(signer != verifier);
        IAssetRegistry.Authorship memory authorship = IAssetRegistry.Authorship({
            author: alice,
            verifier: signer,
            deadline: block.timestamp,
            signature: Signing.sign(key, Signing.authorshipDigest(address(registry), _WORK, alice, block.timestamp))
        });
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryInvalidAuthorship.selector, signer));
        registry.reclaim(_squatted, authorship, _list(), _weights());
    }

    function testAStatementAboutOtherContentOrAnotherAuthorShouldRevert() public {
        bytes memory invalid = abi.encodeWithSelector(IAssetRegistry.AssetRegistryInvalidAuthorship.selector, verifier);
        IAssetRegistry.Authorship memory otherContent = _authorshipOf(keccak256("other work"), alice, block.timestamp);
        vm.prank(alice);
        vm.expectRevert(invalid);
        registry.reclaim(_squatted, otherContent, _list(), _weights());

        IAssetRegistry.Authorship memory forBob = _authorship(bob, block.timestamp);
        forBob.author = alice;
        vm.prank(alice);
        vm.expectRevert(invalid);
        registry.reclaim(_squatted, forBob, _list(), _weights());
    }

    function testAVerifierWhoseRoleWasRevokedSignsNothing() public {
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        bytes32 role = registry.VERIFIER_ROLE();
        vm.prank(ADMIN);
        registry.revokeRole(role, verifier);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryInvalidAuthorship.selector, verifier));
        registry.reclaim(_squatted, authorship, _list(), _weights());
    }

    function testOnlyGovernanceAppointsVerifiers() public {
        bytes32 role = registry.VERIFIER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, registry.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        registry.grantRole(role, stranger);
        vm.prank(ADMIN);
        registry.grantRole(role, bob);
        assertTrue(registry.hasRole(role, bob), "granted by governance");
    }

    function testAnErc1271VerifierSignsThroughItsOwner() public {
        bytes32 role = registry.VERIFIER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(role, address(wallet));
        // The wallet accepts signatures by its owner, bob.
        IAssetRegistry.Authorship memory authorship = IAssetRegistry.Authorship({
            author: alice,
            verifier: address(wallet),
            deadline: block.timestamp,
            signature: Signing.sign(
                ACCOUNT_KEY + 1, Signing.authorshipDigest(address(registry), _WORK, alice, block.timestamp)
            )
        });
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(), _weights());
        assertEq(registry.ownerOf(_squatted), alice, "reclaimed");
    }

    function testAReclaimedLineageMustPointToOlderAssets() public {
        uint256 newer = _squatted + 1;
        _registerRoots(1);
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.startPrank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryParentNotOlder.selector, _squatted, newer)
        );
        registry.reclaim(_squatted, authorship, _list(newer), _weights(100));
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryParentNotOlder.selector, _squatted, _squatted)
        );
        registry.reclaim(_squatted, authorship, _list(_squatted), _weights(100));
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryDuplicateParent.selector, 1));
        registry.reclaim(_squatted, authorship, _list(1, 1), _weights(100, 100));
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUpstreamShareTooHigh.selector, 10_001));
        registry.reclaim(_squatted, authorship, _list(1, 2), _weights(10_000, 1));
        vm.stopPrank();
    }

    function testContributionsAttestedBeforeTheReclaimStayAttested() public {
        IContributionLedger.Contribution memory c = _contribution(carol, _squatted, "before");
        bytes32 role = ledger.ATTESTER_ROLE();
        vm.prank(ADMIN);
        ledger.grantRole(role, _squatter);
        vm.prank(_squatter);
        bytes32 id = ledger.attest(c);
        IAssetRegistry.Authorship memory authorship = _authorship(alice, block.timestamp);
        vm.prank(alice);
        registry.reclaim(_squatted, authorship, _list(), _weights());
        assertEq(uint256(ledger.statusOf(id)), uint256(IContributionLedger.Status.Attested), "still attested");
    }

    /* HELPERS */

    function _authorship(address author, uint256 deadline) private view returns (IAssetRegistry.Authorship memory) {
        return _authorshipOf(_WORK, author, deadline);
    }

    function _authorshipOf(bytes32 contentHash, address author, uint256 deadline)
        private
        view
        returns (IAssetRegistry.Authorship memory)
    {
        bytes32 digest = Signing.authorshipDigest(address(registry), contentHash, author, deadline);
        assertEq(digest, registry.authorshipDigest(contentHash, author, deadline), "the registry's digest");
        return IAssetRegistry.Authorship(author, verifier, deadline, Signing.sign(VERIFIER_KEY, digest));
    }
}
