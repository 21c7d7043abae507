// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";

/// @title AssetRegistry
/// @notice Composable assets as ERC-721 tokens with their lineage. Registration is permissionless: whoever
/// registers an asset owns its token and may update its URI. Lineage lives in events; storage keeps only what
/// other contracts and on-chain checks need.
contract AssetRegistry is ERC721, IAssetRegistry {
    /* STORAGE */

    /// @dev The registration data other contracts read. Packs into one slot with the content hash in its own.
    struct AssetData {
        bytes32 contentHash;
        AssetKind kind;
        uint16 upstreamShareBps;
    }

    /// @inheritdoc IAssetRegistry
    uint256 public constant MAX_PARENTS = 32;

    uint256 private constant _BPS = 10_000;

    uint256 private _assetCount;
    mapping(uint256 assetId => AssetData) private _assets;
    mapping(bytes32 contentHash => uint256 assetId) private _assetOf;
    mapping(uint256 assetId => string) private _uris;

    /* CONSTRUCTOR */

    constructor() ERC721("Coherence Network Asset", "CNA") {}

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
        _assets[assetId] = AssetData(contentHash, kind, upstreamShareBps);
        _assetOf[contentHash] = assetId;
        if (bytes(uri).length != 0) _uris[assetId] = uri;

        emit AssetRegistered(assetId, msg.sender, contentHash, kind, uri, parents, parentWeightsBps, upstreamShareBps);
        _mint(msg.sender, assetId);
    }

    /// @inheritdoc IAssetRegistry
    function setURI(uint256 assetId, string calldata uri) external {
        address owner = _requireOwned(assetId);
        if (owner != msg.sender) revert AssetRegistryNotOwner(assetId, msg.sender);
        _uris[assetId] = uri;
        emit AssetURIUpdated(assetId, uri);
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

    /// @notice The asset's metadata URI.
    /// @param assetId The asset.
    function tokenURI(uint256 assetId) public view override returns (string memory) {
        _requireOwned(assetId);
        return _uris[assetId];
    }

    /* INTERNAL */

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
