// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "./interfaces/IContributionLedger.sol";

/// @title ContributionLedger
/// @notice Attestations of contributions with their real costs. One storage slot per contribution (its status);
/// the record itself lives in the `ContributionAttested` event, which is all the oracle and indexer read.
contract ContributionLedger is IContributionLedger, AccessControlDefaultAdminRules, EIP712, Nonces {
    /* STORAGE */

    /// @notice The role allowed to attest and revoke.
    bytes32 public constant ATTESTER_ROLE = keccak256("ATTESTER_ROLE");

    bytes32 private constant _CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );
    bytes32 private constant _ATTEST_TYPEHASH = keccak256(
        "AttestContributions(Contribution[] contributions,address attester,uint256 nonce,uint256 deadline)"
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );

    IAssetRegistry private immutable _REGISTRY;
    mapping(bytes32 id => Status) private _status;

    /* CONSTRUCTOR */

    /// @param registry The asset registry contributions refer to.
    /// @param admin The initial admin, who grants and revokes attesters.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param attesters The initial attesters.
    constructor(IAssetRegistry registry, address admin, uint48 adminDelay, address[] memory attesters)
        AccessControlDefaultAdminRules(adminDelay, admin)
        EIP712("CoherenceContributionLedger", "1")
    {
        _REGISTRY = registry;
        for (uint256 i; i < attesters.length; ++i) {
            _grantRole(ATTESTER_ROLE, attesters[i]);
        }
    }

    /* EXTERNAL */

    /// @inheritdoc IContributionLedger
    function attest(Contribution calldata contribution) external onlyRole(ATTESTER_ROLE) returns (bytes32 id) {
        return _attest(contribution, msg.sender, _assetCount());
    }

    /// @inheritdoc IContributionLedger
    function attestBatch(Contribution[] calldata contributions) external onlyRole(ATTESTER_ROLE) {
        _attestAll(contributions, msg.sender);
    }

    /// @inheritdoc IContributionLedger
    function attestWithSig(
        Contribution[] calldata contributions,
        address attester,
        uint256 deadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert ContributionLedgerExpiredSignature(deadline);
        if (!hasRole(ATTESTER_ROLE, attester)) revert ContributionLedgerInvalidSignature(attester);
        bytes32 structHash = keccak256(
            abi.encode(_ATTEST_TYPEHASH, _hashContributions(contributions), attester, _useNonce(attester), deadline)
        );
        if (!SignatureChecker.isValidSignatureNow(attester, _hashTypedDataV4(structHash), signature)) {
            revert ContributionLedgerInvalidSignature(attester);
        }
        _attestAll(contributions, attester);
    }

    /// @inheritdoc IContributionLedger
    function revoke(bytes32 id, string calldata reason) external onlyRole(ATTESTER_ROLE) {
        if (_status[id] != Status.Attested) revert ContributionLedgerNotAttested(id);
        _status[id] = Status.Revoked;
        emit ContributionRevoked(id, msg.sender, reason);
    }

    /// @inheritdoc IContributionLedger
    function statusOf(bytes32 id) external view returns (Status) {
        return _status[id];
    }

    /// @inheritdoc IContributionLedger
    function contributionId(uint256 assetId, address contributor, bytes32 evidenceHash)
        public
        pure
        returns (bytes32 id)
    {
        // keccak256(abi.encode(assetId, contributor, evidenceHash)), without allocating memory.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, assetId)
            mstore(add(m, 0x20), contributor)
            mstore(add(m, 0x40), evidenceHash)
            id := keccak256(m, 0x60)
        }
    }

    /// @inheritdoc IContributionLedger
    function nonces(address attester) public view override(IContributionLedger, Nonces) returns (uint256) {
        return super.nonces(attester);
    }

    /* INTERNAL */

    /// @dev Reads the asset count once for the whole batch: ids are sequential and assets never burnt.
    function _attestAll(Contribution[] calldata contributions, address attester) private {
        uint256 count = contributions.length;
        if (count == 0) revert ContributionLedgerEmptyBatch();
        uint256 assetCount = _assetCount();
        for (uint256 i; i < count; ++i) {
            _attest(contributions[i], attester, assetCount);
        }
    }

    /// @dev `_REGISTRY.assetCount()` without the compiler's call scaffolding; the registry is ours and immutable.
    function _assetCount() private view returns (uint256 count) {
        address registry = address(_REGISTRY);
        bytes4 selector = IAssetRegistry.assetCount.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            if iszero(staticcall(gas(), registry, 0x00, 0x04, 0x00, 0x20)) {
                returndatacopy(0x00, 0x00, returndatasize())
                revert(0x00, returndatasize())
            }
            count := mload(0x00)
        }
    }

    function _attest(Contribution calldata c, address attester, uint256 assetCount) private returns (bytes32 id) {
        uint256 assetId = c.assetId;
        address contributor = c.contributor;
        bytes32 evidenceHash = c.evidenceHash;
        if (assetId == 0 || assetId > assetCount) revert ContributionLedgerUnknownAsset(assetId);
        if (contributor == address(0)) revert ContributionLedgerZeroContributor();
        if (c.laborMicroUsd | c.toolsMicroUsd | c.computeMicroUsd == 0) revert ContributionLedgerZeroCost();
        if (evidenceHash == bytes32(0)) revert ContributionLedgerZeroEvidence();

        id = contributionId(assetId, contributor, evidenceHash);
        if (_status[id] != Status.None) revert ContributionLedgerAlreadyAttested(id);
        _status[id] = Status.Attested;

        _emitAttested(id, assetId, contributor, attester, c);
    }

    /// @dev `emit ContributionAttested(...)`, encoded by hand: the compiler's encoder copies the calldata record
    /// field by field, which costs a single attestation about 300 gas more.
    function _emitAttested(bytes32 id, uint256 assetId, address contributor, address attester, Contribution calldata c)
        private
    {
        bytes32 topic0 = ContributionAttested.selector;
        uint64 labor = c.laborMicroUsd;
        uint64 tools = c.toolsMicroUsd;
        uint64 compute = c.computeMicroUsd;
        bytes32 evidenceHash = c.evidenceHash;
        string calldata uri = c.evidenceUri;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, attester)
            mstore(add(m, 0x20), labor)
            mstore(add(m, 0x40), tools)
            mstore(add(m, 0x60), compute)
            mstore(add(m, 0x80), evidenceHash)
            mstore(add(m, 0xa0), 0xc0) // Offset of the string in the data.
            mstore(add(m, 0xc0), uri.length)
            let padded := and(add(uri.length, 31), not(31))
            mstore(add(add(m, 0xc0), padded), 0) // Zero the last word so the string is zero-padded.
            calldatacopy(add(m, 0xe0), uri.offset, uri.length)
            log4(m, add(0xe0, padded), topic0, id, assetId, contributor)
        }
    }

    /// @dev EIP-712 encoding of a `Contribution[]`: the hash of the concatenated struct hashes.
    function _hashContributions(Contribution[] calldata contributions) private pure returns (bytes32) {
        uint256 count = contributions.length;
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            Contribution calldata c = contributions[i];
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
        return keccak256(abi.encodePacked(hashes));
    }
}
