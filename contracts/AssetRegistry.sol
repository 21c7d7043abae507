// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";

/// @title AssetRegistry
/// @notice Composable assets as ERC-721 tokens with their lineage. Registration is permissionless: whoever
/// registers an asset owns its token, may update its URI, chooses its attesters and publishes its rate card. A
/// verifier's signature binds a content hash to its author, who can take back an asset someone else registered
/// first. Lineage lives in events; storage keeps only what other contracts, on-chain checks and the oracle need.
contract AssetRegistry is ERC721, AccessControlDefaultAdminRules, EIP712, IAssetRegistry {
    /* STORAGE */

    /// @notice The role whose members sign authorship statements; granted and revoked by governance.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");

    bytes32 private constant _AUTHORSHIP_TYPEHASH =
        keccak256("Authorship(bytes32 contentHash,address author,uint256 deadline)");

    /// @dev The content hash in one slot; everything the ledger reads per attestation (`attesterStatus`) in the
    /// other, so an attestation costs one cold read here. `attesterGeneration` keys the owner's chosen attesters:
    /// a reclaim moves it on, and the previous owner's choices lapse without being deleted one by one.
    struct AssetData {
        bytes32 contentHash;
        AssetKind kind;
        uint16 upstreamShareBps;
        bool registered;
        bool attestersRestricted;
        bool verified;
        uint32 attesterGeneration;
    }

    /// @dev Where solc packs `AssetData` after the content hash: its second slot, members from the lowest bit in
    /// declaration order (kind 8 bits, upstream share 16, then the flags, a byte each); `ChooseAttesters.t.sol` checks.
    uint256 private constant _POLICY_WORD = 1;
    uint256 private constant _REGISTERED_FLAG = 1 << 24;
    uint256 private constant _RESTRICTED_FLAG = 1 << 32;
    uint256 private constant _GENERATION_BIT = 48;

    /// @inheritdoc IAssetRegistry
    uint256 public constant MAX_PARENTS = 32;

    uint256 private constant _BPS = 10_000;

    uint256 private _assetCount;
    mapping(uint256 assetId => AssetData) private _assets;
    mapping(bytes32 contentHash => uint256 assetId) private _assetOf;
    mapping(uint256 assetId => string) private _uris;
    /// @dev Keyed by `keccak256(abi.encode(assetId, attesterGeneration, attester))`.
    mapping(bytes32 key => bool) private _chosen;
    /// @dev Beside `AssetData`, not in it: a third member slot would cost every registration a write, and the
    /// ledger never reads the card.
    mapping(uint256 assetId => bytes32 rateCardHash) private _rateCards;

    /* CONSTRUCTOR */

    /// @param admin The initial admin (the governance timelock), who grants and revokes verifiers.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param verifiers The initial verifiers.
    constructor(address admin, uint48 adminDelay, address[] memory verifiers)
        ERC721("Coherence Network Asset", "CNA")
        AccessControlDefaultAdminRules(adminDelay, admin)
        EIP712("CoherenceAssetRegistry", "1")
    {
        for (uint256 i; i < verifiers.length; ++i) {
            _grantRole(VERIFIER_ROLE, verifiers[i]);
        }
    }

    /* EXTERNAL */

    /// @inheritdoc IAssetRegistry
    function register(
        bytes32 contentHash,
        string calldata uri,
        AssetKind kind,
        uint256[] calldata parents,
        uint16[] calldata parentWeightsBps
    ) external returns (uint256 assetId) {
        if (contentHash == bytes32(0)) revert AssetRegistryZeroContentHash();
        uint256 holder = _assetOf[contentHash];
        if (holder != 0) revert AssetRegistryContentHashTaken(contentHash, holder);
        uint16 upstreamShareBps = _checkLineage(parents, parentWeightsBps);

        assetId = ++_assetCount;
        _assets[assetId] = AssetData({
            contentHash: contentHash,
            kind: kind,
            upstreamShareBps: upstreamShareBps,
            registered: true,
            attestersRestricted: false,
            verified: false,
            attesterGeneration: 0
        });
        _assetOf[contentHash] = assetId;
        if (bytes(uri).length != 0) _uris[assetId] = uri;

        emit AssetRegistered(assetId, msg.sender, contentHash, kind, uri, parents, parentWeightsBps, upstreamShareBps);
        _mint(msg.sender, assetId);
    }

    /// @inheritdoc IAssetRegistry
    function setURI(uint256 assetId, string calldata uri) external {
        _checkOwner(assetId);
        _uris[assetId] = uri;
        emit AssetURIUpdated(assetId, uri);
    }

    /// @inheritdoc IAssetRegistry
    function setAttestersRestricted(uint256 assetId, bool restricted) external {
        _checkOwner(assetId);
        _assets[assetId].attestersRestricted = restricted;
        emit AttestersRestricted(assetId, restricted);
    }

    /// @inheritdoc IAssetRegistry
    function setAttesterChosen(uint256 assetId, address attester, bool chosen) external {
        _checkOwner(assetId);
        _chosen[_choiceKey(assetId, _assets[assetId].attesterGeneration, attester)] = chosen;
        emit AttesterChosen(assetId, attester, chosen);
    }

    /// @inheritdoc IAssetRegistry
    function setRateCard(uint256 assetId, bytes32 rateCardHash) external {
        _checkOwner(assetId);
        _rateCards[assetId] = rateCardHash;
        emit RateCardSet(assetId, rateCardHash);
    }

    /// @inheritdoc IAssetRegistry
    function verifyAuthorship(uint256 assetId, Authorship calldata authorship) external {
        address owner = _checkAuthorship(assetId, authorship);
        if (authorship.author != owner) revert AssetRegistryAuthorIsNotOwner(assetId, authorship.author, owner);
        _assets[assetId].verified = true;
        emit AuthorshipVerified(assetId, owner, authorship.verifier, owner);
    }

    /// @inheritdoc IAssetRegistry
    function reclaim(
        uint256 assetId,
        Authorship calldata authorship,
        uint256[] calldata parents,
        uint16[] calldata parentWeightsBps
    ) external {
        address owner = _checkAuthorship(assetId, authorship);
        if (msg.sender != authorship.author) revert AssetRegistryNotTheAuthor(assetId, msg.sender, authorship.author);
        if (owner == msg.sender) revert AssetRegistryAuthorIsOwner(assetId, msg.sender);
        for (uint256 i; i < parents.length; ++i) {
            if (parents[i] >= assetId) revert AssetRegistryParentNotOlder(assetId, parents[i]);
        }
        uint16 upstreamShareBps = _checkLineage(parents, parentWeightsBps);
        AssetData storage data = _assets[assetId];
        data.upstreamShareBps = upstreamShareBps;
        data.verified = true;
        data.attestersRestricted = false;
        ++data.attesterGeneration;
        emit AuthorshipVerified(assetId, msg.sender, authorship.verifier, owner);
        emit LineageReset(assetId, parents, parentWeightsBps, upstreamShareBps);
        // The previous owner's card would price the author's contributors by its terms. Deleted, not keyed by the
        // generation like the attesters: whether to emit needs the read anyway, and the setter and view stay
        // one slot each.
        if (_rateCards[assetId] != bytes32(0)) {
            delete _rateCards[assetId];
            emit RateCardSet(assetId, bytes32(0));
        }
        // `_transfer` also clears the token's approval; the previous owner's operators act only for it.
        _transfer(owner, msg.sender, assetId);
    }

    /// @inheritdoc IAssetRegistry
    function attesterStatus(uint256 assetId, address attester) external view returns (AttesterStatus status) {
        // The ledger asks once per attestation: the policy word read once, its mapping slot hashed in scratch space,
        // where the compiler would read the word per member.
        uint256 word;
        assembly ("memory-safe") {
            mstore(0x00, assetId)
            mstore(0x20, _assets.slot)
            word := sload(add(keccak256(0x00, 0x40), _POLICY_WORD))
        }
        if (word & _REGISTERED_FLAG == 0) return AttesterStatus.UnknownAsset;
        if (word & _RESTRICTED_FLAG == 0) return AttesterStatus.Allowed;
        return _isChosen(assetId, word, attester) ? AttesterStatus.Allowed : AttesterStatus.NotChosen;
    }

    /// @inheritdoc IAssetRegistry
    function isVerified(uint256 assetId) external view returns (bool) {
        return _assets[assetId].verified;
    }

    /// @inheritdoc IAssetRegistry
    function authorshipDigest(bytes32 contentHash, address author, uint256 deadline) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_AUTHORSHIP_TYPEHASH, contentHash, author, deadline)));
    }

    /// @inheritdoc IAssetRegistry
    function assetCount() external view returns (uint256) {
        return _assetCount;
    }

    /// @inheritdoc IAssetRegistry
    function assetOf(bytes32 contentHash) external view returns (uint256) {
        return _assetOf[contentHash];
    }

    /// @inheritdoc IAssetRegistry
    function assetInfo(uint256 assetId)
        external
        view
        returns (bytes32 contentHash, AssetKind kind, uint16 upstreamShareBps)
    {
        if (assetId == 0 || assetId > _assetCount) revert AssetRegistryUnknownAsset(assetId);
        AssetData storage data = _assets[assetId];
        return (data.contentHash, data.kind, data.upstreamShareBps);
    }

    /// @inheritdoc IAssetRegistry
    function rateCardOf(uint256 assetId) external view returns (bytes32) {
        if (assetId == 0 || assetId > _assetCount) revert AssetRegistryUnknownAsset(assetId);
        return _rateCards[assetId];
    }

    /// @notice The asset's metadata URI.
    /// @param assetId The asset.
    function tokenURI(uint256 assetId) public view override returns (string memory) {
        _requireOwned(assetId);
        return _uris[assetId];
    }

    /// @notice ERC-165: ERC-721's interfaces and access control's.
    /// @param interfaceId The interface.
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, AccessControlDefaultAdminRules)
        returns (bool)
    {
        return ERC721.supportsInterface(interfaceId) || AccessControlDefaultAdminRules.supportsInterface(interfaceId);
    }

    /* INTERNAL */

    function _checkOwner(uint256 assetId) private view {
        if (_requireOwned(assetId) != msg.sender) revert AssetRegistryNotOwner(assetId, msg.sender);
    }

    /// @dev Checks a verifier's live statement about the asset's content and that the asset is not verified yet;
    /// returns its owner.
    function _checkAuthorship(uint256 assetId, Authorship calldata authorship) private view returns (address owner) {
        owner = _requireOwned(assetId);
        AssetData storage data = _assets[assetId];
        if (data.verified) revert AssetRegistryAlreadyVerified(assetId);
        if (block.timestamp > authorship.deadline) revert AssetRegistryExpiredAuthorship(authorship.deadline);
        address verifier = authorship.verifier;
        bytes32 digest = authorshipDigest(data.contentHash, authorship.author, authorship.deadline);
        if (
            !hasRole(VERIFIER_ROLE, verifier)
                || !SignatureChecker.isValidSignatureNow(verifier, digest, authorship.signature)
        ) revert AssetRegistryInvalidAuthorship(verifier);
    }

    function _isChosen(uint256 assetId, uint256 policyWord, address attester) private view returns (bool) {
        // Safe cast: the generation is 32 bits of the word.
        return _chosen[_choiceKey(assetId, uint32(policyWord >> _GENERATION_BIT), attester)];
    }

    function _choiceKey(uint256 assetId, uint32 generation, address attester) private pure returns (bytes32) {
        return keccak256(abi.encode(assetId, generation, attester));
    }

    /// @dev Checks that the parents exist and are distinct and that their weights are valid; returns their sum.
    /// Distinctness is checked pairwise: with at most `MAX_PARENTS` parents that is cheaper than a memory set.
    function _checkLineage(uint256[] calldata parents, uint16[] calldata weights)
        private
        view
        returns (uint16 upstreamShareBps)
    {
        uint256 count = parents.length;
        if (count != weights.length) revert AssetRegistryLengthMismatch(count, weights.length);
        if (count > MAX_PARENTS) revert AssetRegistryTooManyParents(count, MAX_PARENTS);
        uint256 existing = _assetCount;
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            uint256 parent = parents[i];
            if (parent == 0 || parent > existing) revert AssetRegistryUnknownParent(parent);
            if (weights[i] == 0) revert AssetRegistryZeroWeight(parent);
            for (uint256 j; j < i; ++j) {
                if (parents[j] == parent) revert AssetRegistryDuplicateParent(parent);
            }
            sum += weights[i];
        }
        if (sum > _BPS) revert AssetRegistryUpstreamShareTooHigh(sum);
        // Safe cast: sum <= 10,000.
        upstreamShareBps = uint16(sum);
    }
}
