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

    /* ASSEMBLY LAYOUT */

    /// @dev The free memory pointer's slot.
    uint256 private constant _FREE_MEMORY_POINTER = 0x40;

    /// @dev `abi.encode(assetId, contributor, evidenceHash)`, a contribution id's preimage: three words.
    uint256 private constant _ID_ASSET_ID = 0x00;
    uint256 private constant _ID_CONTRIBUTOR = 0x20;
    uint256 private constant _ID_EVIDENCE_HASH = 0x40;
    uint256 private constant _ID_PREIMAGE_SIZE = 3 * 32;

    /// @dev `attesterStatus(assetId, attester)`'s calldata, written from the free memory pointer on: the selector
    /// left-aligned in word 0, the arguments in the 4 bytes + 2 words after it; its one-word answer is written over
    /// word 0.
    uint256 private constant _STATUS_SELECTOR = 0x00;
    uint256 private constant _STATUS_ASSET_ID = 0x04;
    uint256 private constant _STATUS_ATTESTER = 0x24;
    uint256 private constant _STATUS_CALLDATA_SIZE = 4 + 2 * 32;
    uint256 private constant _STATUS_RETURN_SIZE = 32;
    /// @dev `ContributionLedgerInvalidRegistry(address).selector`, right-aligned in scratch word 0 so that the
    /// error's encoding, selector then the address word, starts at byte 0x1c (Solady's pattern).
    uint256 private constant _INVALID_REGISTRY_SELECTOR = 0x73dab275;
    uint256 private constant _INVALID_REGISTRY_SELECTOR_WORD = 0x00;
    uint256 private constant _INVALID_REGISTRY_ARGUMENT = 0x20;
    uint256 private constant _INVALID_REGISTRY_ERROR = 0x1c;
    uint256 private constant _INVALID_REGISTRY_ERROR_SIZE = 4 + 32;

    /// @dev The data of `ContributionAttested` as the ABI encodes its non-indexed fields: five static words
    /// (attester at word 0, the three costs, the evidence hash), the offset of `evidenceUri`, then the string
    /// itself: its length word and its bytes, zero-padded to whole words.
    uint256 private constant _ATTESTED_LABOR = 0x20;
    /// @dev In a `Contribution`'s calldata, the three costs and the evidence hash are words 2 to 5.
    uint256 private constant _RECORD_LABOR = 0x40;
    uint256 private constant _RECORD_COSTS_AND_EVIDENCE_SIZE = 4 * 32;
    /// @dev Where the string's offset is stored...
    uint256 private constant _ATTESTED_URI_OFFSET_WORD = 0xa0;
    /// @dev ...and that offset: the string starts right after the six head words, with its length word.
    uint256 private constant _ATTESTED_URI_LENGTH = 6 * 32;
    /// @dev The string's bytes follow its length word.
    uint256 private constant _ATTESTED_URI_BYTES = 7 * 32;

    /// @dev A `Contribution`'s EIP-712 preimage: the type hash, the six static words as the calldata holds them,
    /// then the hash of `evidenceUri`.
    uint256 private constant _PREIMAGE_STATIC_WORDS = 0x20;
    uint256 private constant _CONTRIBUTION_STATIC_SIZE = 6 * 32;
    uint256 private constant _PREIMAGE_URI_HASH = 7 * 32;
    uint256 private constant _PREIMAGE_SIZE = 8 * 32;

    IAssetRegistry private immutable _REGISTRY;
    /// @dev A contribution's record, one word: its status in the low byte, the attester who made it above. A word
    /// rather than a struct, so attesting writes it with one `SSTORE` (the compiler writes a struct per member).
    mapping(bytes32 id => uint256 record) private _records;
    uint256 private constant _STATUS_MASK = 0xff;
    uint256 private constant _ATTESTER_SHIFT = 8;

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
        uint256 assetId = contribution.assetId;
        _checkAttester(assetId, msg.sender);
        return _record(contribution, assetId, msg.sender);
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
    function revoke(bytes32 id, string calldata reason) external {
        uint256 record = _records[id];
        uint256 current = record & _STATUS_MASK;
        bool governance = hasRole(DEFAULT_ADMIN_ROLE, msg.sender);
        // Governance strikes a revoked one too, so its attester cannot attest it again once governance decided.
        bool revocable = current == uint256(Status.Attested) || (governance && current == uint256(Status.Revoked));
        if (!revocable) revert ContributionLedgerNotAttested(id);
        address attester = address(uint160(record >> _ATTESTER_SHIFT));
        // An attestation belongs to its attester (while it is one), who may correct it; governance, after its delay,
        // strikes any for good.
        Status status;
        if (current == uint256(Status.Attested) && msg.sender == attester && hasRole(ATTESTER_ROLE, msg.sender)) {
            status = Status.Revoked;
        } else if (governance) {
            status = Status.Struck;
        } else {
            revert ContributionLedgerNotItsAttester(id, msg.sender, attester);
        }
        _records[id] = (record & ~_STATUS_MASK) | uint256(status);
        emit ContributionRevoked(id, msg.sender, reason);
    }

    /// @inheritdoc IContributionLedger
    function statusOf(bytes32 id) external view returns (Status) {
        return Status(_records[id] & _STATUS_MASK);
    }

    /// @inheritdoc IContributionLedger
    function attesterOf(bytes32 id) external view returns (address) {
        return address(uint160(_records[id] >> _ATTESTER_SHIFT));
    }

    /// @inheritdoc IContributionLedger
    function contributionId(uint256 assetId, address contributor, bytes32 evidenceHash)
        public
        pure
        returns (bytes32 id)
    {
        // keccak256(abi.encode(assetId, contributor, evidenceHash)), written from the free memory pointer on without
        // moving it (nothing outlives the hash), so no memory is allocated.
        assembly ("memory-safe") {
            let m := mload(_FREE_MEMORY_POINTER)
            mstore(add(m, _ID_ASSET_ID), assetId) // Store the asset id.
            mstore(add(m, _ID_CONTRIBUTOR), contributor) // Store the contributor, whose upper bits are clean.
            mstore(add(m, _ID_EVIDENCE_HASH), evidenceHash) // Store the evidence hash.
            id := keccak256(m, _ID_PREIMAGE_SIZE)
        }
    }

    /// @inheritdoc IContributionLedger
    function nonces(address attester) public view override(IContributionLedger, Nonces) returns (uint256) {
        return super.nonces(attester);
    }

    /* INTERNAL */

    function _attestAll(Contribution[] calldata contributions, address attester) private {
        uint256 count = contributions.length;
        if (count == 0) revert ContributionLedgerEmptyBatch();
        // A batch is mostly one repository's, so one asset's: the registry is asked once per run of items on the same
        // asset, as nothing a batch does can change its answer.
        uint256 checkedAsset = contributions[0].assetId;
        _checkAttester(checkedAsset, attester);
        for (uint256 i; i < count; ++i) {
            Contribution calldata c = contributions[i];
            uint256 assetId = c.assetId;
            if (assetId != checkedAsset) {
                _checkAttester(assetId, attester);
                checkedAsset = assetId;
            }
            _record(c, assetId, attester);
        }
    }

    /// @dev Reverts unless `attester` may attest contributions to `assetId`, an asset the registry holds.
    /// `_REGISTRY.attesterStatus(assetId, attester)` is asked without the compiler's call scaffolding, from the free
    /// memory pointer on without moving it. A registry that reverts has its revert bubbled up; one that returns less
    /// than a word or no `AttesterStatus` (an EOA, or any contract that returns nothing or something else) is no
    /// asset registry and reverts with `ContributionLedgerInvalidRegistry`, where reading a stale word could make
    /// every asset "exist".
    function _checkAttester(uint256 assetId, address attester) private view {
        uint256 status;
        address registry = address(_REGISTRY);
        bytes4 selector = IAssetRegistry.attesterStatus.selector;
        // A registry that answers more than the highest status is no asset registry.
        uint256 highest = uint256(type(IAssetRegistry.AttesterStatus).max);
        assembly ("memory-safe") {
            let m := mload(_FREE_MEMORY_POINTER)
            mstore(add(m, _STATUS_SELECTOR), selector) // Store the selector, left-aligned.
            mstore(add(m, _STATUS_ASSET_ID), assetId) // Store the asset id after it.
            mstore(add(m, _STATUS_ATTESTER), attester) // Store the attester: the caller or ABI-decoded, so clean.
            let success := staticcall(gas(), registry, m, _STATUS_CALLDATA_SIZE, m, _STATUS_RETURN_SIZE)
            status := mload(m)
            // One branch on the success path for all three checks.
            let answered := and(success, gt(returndatasize(), sub(_STATUS_RETURN_SIZE, 1)))
            if iszero(and(answered, iszero(gt(status, highest)))) {
                if iszero(success) {
                    // Copy the revert data over the scratch space and the free memory pointer: this frame ends here.
                    returndatacopy(0x00, 0x00, returndatasize())
                    revert(0x00, returndatasize())
                }
                // Store the error's selector, then its argument in the next word.
                mstore(_INVALID_REGISTRY_SELECTOR_WORD, _INVALID_REGISTRY_SELECTOR)
                mstore(_INVALID_REGISTRY_ARGUMENT, registry)
                revert(_INVALID_REGISTRY_ERROR, _INVALID_REGISTRY_ERROR_SIZE)
            }
        }
        if (status != uint256(IAssetRegistry.AttesterStatus.Allowed)) {
            if (status == uint256(IAssetRegistry.AttesterStatus.UnknownAsset)) {
                revert ContributionLedgerUnknownAsset(assetId);
            }
            revert ContributionLedgerAttesterNotChosen(assetId, attester);
        }
    }

    /// @dev Records a contribution to `assetId` (its asset id, read once by the caller) whose attester
    /// `_checkAttester` has allowed for that asset.
    function _record(Contribution calldata c, uint256 assetId, address attester) private returns (bytes32 id) {
        address contributor = c.contributor;
        bytes32 evidenceHash = c.evidenceHash;
        if (contributor == address(0)) revert ContributionLedgerZeroContributor();
        if (c.laborMicroUsd | c.toolsMicroUsd | c.computeMicroUsd == 0) revert ContributionLedgerZeroCost();
        if (evidenceHash == bytes32(0)) revert ContributionLedgerZeroEvidence();

        id = contributionId(assetId, contributor, evidenceHash);
        // The record's slot hashed once for the read and the write, where the compiler hashes it for each.
        uint256 record;
        uint256 slot;
        assembly ("memory-safe") {
            mstore(0x00, id)
            mstore(0x20, _records.slot)
            slot := keccak256(0x00, 0x40)
            record := sload(slot)
        }
        // Only a revoked attestation (by its attester) may be superseded by a corrected one.
        uint256 status = record & _STATUS_MASK;
        if (status != uint256(Status.None) && status != uint256(Status.Revoked)) {
            revert ContributionLedgerAlreadyAttested(id);
        }
        record = (uint256(uint160(attester)) << _ATTESTER_SHIFT) | uint256(Status.Attested);
        assembly ("memory-safe") {
            sstore(slot, record)
        }

        _emitAttested(id, assetId, contributor, attester, c);
    }

    /// @dev `emit ContributionAttested(...)`, encoded by hand: the compiler's encoder copies the calldata record
    /// field by field, which costs a single attestation hundreds of gas more. The record's costs and evidence hash are
    /// four consecutive words in calldata as in the event, so one copy writes them: `_attest` has read the costs
    /// through the ABI decoder, which reverts unless each is a clean uint64.
    function _emitAttested(bytes32 id, uint256 assetId, address contributor, address attester, Contribution calldata c)
        private
    {
        bytes32 topic0 = ContributionAttested.selector;
        string calldata uri = c.evidenceUri;
        // The data is written from the free memory pointer on without moving it: the log is its only reader.
        assembly ("memory-safe") {
            let m := mload(_FREE_MEMORY_POINTER)
            mstore(m, attester) // Store the attester at word 0.
            // Copy the labor, tools and compute costs and the evidence hash to words 1 to 4.
            calldatacopy(add(m, _ATTESTED_LABOR), add(c, _RECORD_LABOR), _RECORD_COSTS_AND_EVIDENCE_SIZE)
            mstore(add(m, _ATTESTED_URI_OFFSET_WORD), _ATTESTED_URI_LENGTH) // Store the string's offset in the data.
            mstore(add(m, _ATTESTED_URI_LENGTH), uri.length) // Store the string's length.
            // The string's length rounded up to whole words.
            let padded := and(add(uri.length, 31), not(31))
            // Zero the string's last word, at `_ATTESTED_URI_BYTES + padded - 32`, so that it ends zero-padded (with
            // an empty string this rewrites the zero length word).
            mstore(add(add(m, _ATTESTED_URI_LENGTH), padded), 0)
            // Copy the string's bytes over that word.
            calldatacopy(add(m, _ATTESTED_URI_BYTES), uri.offset, uri.length)
            log4(m, add(_ATTESTED_URI_BYTES, padded), topic0, id, assetId, contributor)
        }
    }

    /// @dev EIP-712 encoding of a `Contribution[]`: the hash of the concatenated struct hashes. The struct hashes are
    /// written from the free memory pointer on and each struct's preimage is built after them, in the same words for
    /// every item, without moving the pointer: the compiler's `abi.encode` allocated a new preimage and a copy of the
    /// string for each item, so a relayed batch paid for memory it never reused. The six static words are copied as
    /// they are in calldata: `_attest` then reads each through the ABI decoder, which reverts unless it is clean, and
    /// a dirty word would only make the hash differ from the one the attester signed.
    function _hashContributions(Contribution[] calldata contributions) private pure returns (bytes32 hash) {
        uint256 count = contributions.length;
        bytes32 typeHash = _CONTRIBUTION_TYPEHASH;
        uint256 hashes;
        uint256 preimage;
        assembly ("memory-safe") {
            hashes := mload(_FREE_MEMORY_POINTER)
            preimage := add(hashes, shl(5, count))
        }
        for (uint256 i; i < count; ++i) {
            Contribution calldata c = contributions[i];
            string calldata uri = c.evidenceUri;
            assembly ("memory-safe") {
                // The string's hash first, from the preimage's words, which are written over next.
                calldatacopy(preimage, uri.offset, uri.length)
                let uriHash := keccak256(preimage, uri.length)
                mstore(preimage, typeHash) // Store the type hash at word 0.
                // Copy the contributor, the asset id, the three costs and the evidence hash to words 1 to 6.
                calldatacopy(add(preimage, _PREIMAGE_STATIC_WORDS), c, _CONTRIBUTION_STATIC_SIZE)
                mstore(add(preimage, _PREIMAGE_URI_HASH), uriHash) // Store the string's hash at word 7.
                mstore(add(hashes, shl(5, i)), keccak256(preimage, _PREIMAGE_SIZE))
            }
        }
        assembly ("memory-safe") {
            hash := keccak256(hashes, shl(5, count))
        }
    }
}
