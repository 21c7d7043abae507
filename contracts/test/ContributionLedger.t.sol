// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetRegistry} from "../AssetRegistry.sol";
import {ContributionLedger} from "../ContributionLedger.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "../interfaces/IContributionLedger.sol";
import {RevertingRegistry, ShortRegistry, SilentRegistry} from "./mocks/BrokenRegistries.sol";
import {Signing} from "./utils/Signing.t.sol";
import {TestBase} from "./utils/TestBase.t.sol";

/// @notice Fuzz tests of the contribution ledger: a contribution's id is unique to its (asset, contributor,
/// evidence) triple and can be attested once, whether singly, in a batch or by signature.
contract ContributionLedgerTest is TestBase {
    uint256 private constant _ASSETS = 4;
    uint256 private constant _ATTESTER_KEY = 0xA77E57;
    uint256 private constant _SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    bytes32 private constant _CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );
    bytes32 private constant _ATTEST_TYPEHASH = keccak256(
        "AttestContributions(Contribution[] contributions,address attester,uint256 nonce,uint256 deadline)"
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );

    AssetRegistry private _registry;
    ContributionLedger private _ledger;
    address private _signingAttester;

    function setUp() public {
        _registry = new AssetRegistry();
        for (uint256 i; i < _ASSETS; ++i) {
            _registry.register(
                keccak256(abi.encode("asset", i)), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0)
            );
        }
        _signingAttester = vm.addr(_ATTESTER_KEY);
        address[] memory attesters = new address[](2);
        (attesters[0], attesters[1]) = (address(this), _signingAttester);
        _ledger = new ContributionLedger(_registry, address(this), 1 days, attesters);
    }

    /* IDS */

    function testFuzz_ContributionIdIsTheHashOfAssetContributorAndEvidence(
        uint256 assetId,
        address contributor,
        bytes32 evidenceHash
    ) public view {
        assertEq(
            _ledger.contributionId(assetId, contributor, evidenceHash),
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
            _ledger.contributionId(assetA, contributorA, evidenceA)
                != _ledger.contributionId(assetB, contributorB, evidenceB),
            "distinct triples share an id"
        );
    }

    /* ATTESTATION ONCE */

    function testFuzz_SameContributionAttestedTwiceShouldRevert(
        IContributionLedger.Contribution memory contribution,
        IContributionLedger.Contribution memory again
    ) public {
        contribution = _valid(contribution);
        bytes32 id = _ledger.attest(contribution);
        assertEq(uint256(_ledger.statusOf(id)), uint256(IContributionLedger.Status.Attested), "status");

        // The same triple with any other costs or evidence URI is the same contribution.
        again = _valid(again);
        (again.assetId, again.contributor, again.evidenceHash) =
            (contribution.assetId, contribution.contributor, contribution.evidenceHash);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, id));
        _ledger.attest(again);
    }

    function testFuzz_RevokedContributionCannotBeAttestedAgain(IContributionLedger.Contribution memory contribution)
        public
    {
        contribution = _valid(contribution);
        bytes32 id = _ledger.attest(contribution);
        _ledger.revoke(id, "plagiarised");
        assertEq(uint256(_ledger.statusOf(id)), uint256(IContributionLedger.Status.Revoked), "status");

        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, id));
        _ledger.attest(contribution);
        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerNotAttested.selector, id));
        _ledger.revoke(id, "twice");
    }

    function testFuzz_BatchAttestsDistinctContributionsUnderDistinctIds(bytes32 seed, uint256 count) public {
        IContributionLedger.Contribution[] memory batch = _batch(seed, bound(count, 1, 16));
        _ledger.attestBatch(batch);
        for (uint256 i; i < batch.length; ++i) {
            bytes32 id = _ledger.contributionId(batch[i].assetId, batch[i].contributor, batch[i].evidenceHash);
            assertEq(uint256(_ledger.statusOf(id)), uint256(IContributionLedger.Status.Attested), "status");
        }
    }

    function testFuzz_BatchRepeatingAContributionShouldRevertAsAWhole(
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
        bytes32 id = _ledger.contributionId(batch[first].assetId, batch[first].contributor, batch[first].evidenceHash);

        vm.expectRevert(abi.encodeWithSelector(IContributionLedger.ContributionLedgerAlreadyAttested.selector, id));
        _ledger.attestBatch(batch);
        assertEq(uint256(_ledger.statusOf(id)), uint256(IContributionLedger.Status.None), "nothing attested");
    }

    function testFuzz_AttestWithSigAttestsOnceAndSpendsTheNonce(bytes32 seed, uint256 count, address relayer)
        public
    {
        IContributionLedger.Contribution[] memory batch = _batch(seed, bound(count, 1, 8));
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = Signing.sign(_ATTESTER_KEY, _attestDigest(batch, _signingAttester, 0, deadline));

        vm.prank(relayer);
        _ledger.attestWithSig(batch, _signingAttester, deadline, signature);

        assertEq(_ledger.nonces(_signingAttester), 1, "nonce");
        for (uint256 i; i < batch.length; ++i) {
            bytes32 id = _ledger.contributionId(batch[i].assetId, batch[i].contributor, batch[i].evidenceHash);
            assertEq(uint256(_ledger.statusOf(id)), uint256(IContributionLedger.Status.Attested), "status");
        }
        // A replay is checked against the next nonce, so the old signature no longer matches.
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, _signingAttester)
        );
        _ledger.attestWithSig(batch, _signingAttester, deadline, signature);
    }

    function testFuzz_AttestWithSigOfAnotherKeyShouldRevert(bytes32 seed, uint256 key) public {
        key = bound(key, 1, _SECP256K1_N - 1);
        vm.assume(key != _ATTESTER_KEY);
        IContributionLedger.Contribution[] memory batch = _batch(seed, 2);
        uint256 deadline = block.timestamp;
        bytes memory signature = Signing.sign(key, _attestDigest(batch, _signingAttester, 0, deadline));

        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidSignature.selector, _signingAttester)
        );
        _ledger.attestWithSig(batch, _signingAttester, deadline, signature);
    }

    function testFuzz_AttestByAnyoneButAnAttesterShouldRevert(
        address caller,
        IContributionLedger.Contribution memory contribution
    ) public {
        vm.assume(caller != address(this) && caller != _signingAttester);
        contribution = _valid(contribution);
        bytes32 role = _ledger.ATTESTER_ROLE();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSignature("AccessControlUnauthorizedAccount(address,bytes32)", caller, role));
        _ledger.attest(contribution);
    }

    function testFuzz_AttestToAnAssetThatDoesNotExistShouldRevert(
        IContributionLedger.Contribution memory contribution,
        uint256 assetId
    ) public {
        vm.assume(assetId == 0 || assetId > _ASSETS);
        contribution = _valid(contribution);
        contribution.assetId = assetId;
        vm.expectRevert(
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerUnknownAsset.selector, assetId)
        );
        _ledger.attest(contribution);
    }

    /* REGISTRY */

    function testAttestWithARegistryThatIsNoContractShouldRevert() public {
        _expectInvalidRegistry(address(0xDEAD));
    }

    function testAttestWithARegistryReturningNothingShouldRevert() public {
        _expectInvalidRegistry(address(new SilentRegistry()));
    }

    function testAttestWithARegistryReturningLessThanAWordShouldRevert() public {
        _expectInvalidRegistry(address(new ShortRegistry()));
    }

    function testAttestWithARevertingRegistryShouldBubbleItsRevert() public {
        RevertingRegistry registry = new RevertingRegistry();
        ContributionLedger ledger = _ledgerOn(address(registry));
        IContributionLedger.Contribution memory contribution = _valid(_batch("bubble", 1)[0]);
        vm.expectRevert(abi.encodeWithSelector(RevertingRegistry.RegistryUnavailable.selector, 7));
        ledger.attest(contribution);
    }

    /* HELPERS */

    /// @dev A ledger whose registry is `registry`, with this test as its attester.
    function _ledgerOn(address registry) private returns (ContributionLedger) {
        address[] memory attesters = new address[](1);
        attesters[0] = address(this);
        return new ContributionLedger(IAssetRegistry(registry), address(this), 1 days, attesters);
    }

    /// @dev Every attesting entry point of a ledger on `registry` reverts with `ContributionLedgerInvalidRegistry`.
    function _expectInvalidRegistry(address registry) private {
        ContributionLedger ledger = _ledgerOn(registry);
        IContributionLedger.Contribution[] memory batch = _batch("no registry", 1);
        bytes memory invalidRegistry =
            abi.encodeWithSelector(IContributionLedger.ContributionLedgerInvalidRegistry.selector, registry);
        vm.expectRevert(invalidRegistry);
        ledger.attest(batch[0]);
        vm.expectRevert(invalidRegistry);
        ledger.attestBatch(batch);
    }


    /// @dev Makes a fuzzed contribution valid: an existing asset, a contributor, some cost and some evidence.
    function _valid(IContributionLedger.Contribution memory c)
        private
        pure
        returns (IContributionLedger.Contribution memory)
    {
        c.assetId = bound(c.assetId, 1, _ASSETS);
        if (c.contributor == address(0)) c.contributor = address(0xC0DE);
        if (c.laborMicroUsd | c.toolsMicroUsd | c.computeMicroUsd == 0) c.computeMicroUsd = 1;
        if (c.evidenceHash == bytes32(0)) c.evidenceHash = keccak256("evidence");
        return c;
    }

    /// @dev `count` valid contributions with distinct evidence derived from `seed`.
    function _batch(bytes32 seed, uint256 count)
        private
        pure
        returns (IContributionLedger.Contribution[] memory batch)
    {
        batch = new IContributionLedger.Contribution[](count);
        for (uint256 i; i < count; ++i) {
            bytes32 h = keccak256(abi.encode(seed, i));
            batch[i] = IContributionLedger.Contribution({
                contributor: address(uint160(uint256(h) >> 96) | 1),
                assetId: uint256(h) % _ASSETS + 1,
                laborMicroUsd: uint64(uint256(h)),
                toolsMicroUsd: uint64(uint256(h) >> 64),
                computeMicroUsd: 1,
                evidenceHash: keccak256(abi.encode(h)),
                evidenceUri: "git:abc"
            });
        }
    }

    /// @dev The EIP-712 digest of `AttestContributions`, encoded here rather than read from the ledger.
    function _attestDigest(
        IContributionLedger.Contribution[] memory batch,
        address attester,
        uint256 nonce,
        uint256 deadline
    ) private view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](batch.length);
        for (uint256 i; i < batch.length; ++i) {
            IContributionLedger.Contribution memory c = batch[i];
            hashes[i] = keccak256(
                abi.encode(
                    _CONTRIBUTION_TYPEHASH,
                    c.contributor,
                    c.assetId,
                    c.laborMicroUsd,
                    c.toolsMicroUsd,
                    c.computeMicroUsd,
                    c.evidenceHash,
                    keccak256(bytes(c.evidenceUri))
                )
            );
        }
        bytes32 structHash =
            keccak256(abi.encode(_ATTEST_TYPEHASH, keccak256(abi.encodePacked(hashes)), attester, nonce, deadline));
        bytes32 domain = Signing.domainSeparator("CoherenceContributionLedger", address(_ledger));
        return Signing.typedDigest(domain, structHash);
    }
}
