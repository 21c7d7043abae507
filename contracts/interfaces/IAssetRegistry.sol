// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IAssetRegistry
/// @notice Registry of composable assets. Each asset is an ERC-721 token whose registration records its
/// content hash, metadata URI, kind and lineage: the parents it was built from, each with an edge weight in
/// basis points. The sum of the edge weights is the asset's upstream share, the part of its contributor revenue
/// that flows to its parents. Parents must already exist, so the lineage is a DAG by construction.
/// @dev Asset ids are sequential from 1 and assets are never burnt, so `id <= assetCount()` proves existence.
interface IAssetRegistry {
    /// @notice The kind of work an asset is; the oracle scores code by measurement and the rest by review.
    enum AssetKind {
        Code,
        Model,
        Design,
        Docs,
        Content,
        Data,
        Other
    }

    /// @notice Emitted once per registration with everything an indexer needs (no storage reads required).
    /// @param assetId The new asset's token id.
    /// @param owner The account the asset token was minted to.
    /// @param contentHash The hash of the asset's content, unique across the registry.
    /// @param kind The asset's kind.
    /// @param uri The asset's metadata URI.
    /// @param parents The ids of the assets it was built from, in registration order.
    /// @param parentWeightsBps The edge weight of each parent in basis points.
    /// @param upstreamShareBps The sum of `parentWeightsBps`.
    event AssetRegistered(
        uint256 indexed assetId,
        address indexed owner,
        bytes32 indexed contentHash,
        AssetKind kind,
        string uri,
        uint256[] parents,
        uint16[] parentWeightsBps,
        uint16 upstreamShareBps
    );

    /// @notice Emitted when an asset's owner changes its metadata URI.
    /// @param assetId The asset whose URI changed.
    /// @param uri The new metadata URI.
    event AssetURIUpdated(uint256 indexed assetId, string uri);

    /// @notice The content hash is zero.
    error AssetRegistryZeroContentHash();
    /// @notice An asset with this content hash exists already.
    /// @param contentHash The duplicated content hash.
    /// @param assetId The asset that holds it.
    error AssetRegistryContentHashTaken(bytes32 contentHash, uint256 assetId);
    /// @notice `parents` and `parentWeightsBps` differ in length.
    error AssetRegistryLengthMismatch(uint256 parents, uint256 weights);
    /// @notice More parents than `MAX_PARENTS`.
    error AssetRegistryTooManyParents(uint256 count, uint256 max);
    /// @notice A parent does not exist (yet).
    error AssetRegistryUnknownParent(uint256 parentId);
    /// @notice The same parent is listed twice.
    error AssetRegistryDuplicateParent(uint256 parentId);
    /// @notice An edge weight is zero; an edge without weight carries nothing and is not lineage.
    error AssetRegistryZeroWeight(uint256 parentId);
    /// @notice The edge weights add up to more than 10,000 basis points.
    error AssetRegistryUpstreamShareTooHigh(uint256 upstreamShareBps);
    /// @notice The caller is not the asset's owner.
    error AssetRegistryNotOwner(uint256 assetId, address caller);
    /// @notice The asset does not exist.
    error AssetRegistryUnknownAsset(uint256 assetId);

    /// @notice Registers a new asset and mints its token to the caller.
    /// @param contentHash Hash of the asset's content; non-zero and unique.
    /// @param uri Metadata URI (may be empty).
    /// @param kind The asset's kind.
    /// @param parents Existing, distinct assets this one was built from.
    /// @param parentWeightsBps Edge weight per parent in basis points, each non-zero, summing to at most 10,000.
    /// @return assetId The new asset's id.
    function register(
        bytes32 contentHash,
        string calldata uri,
        AssetKind kind,
        uint256[] calldata parents,
        uint16[] calldata parentWeightsBps
    ) external returns (uint256 assetId);

    /// @notice Sets an asset's metadata URI. Only its owner may.
    /// @param assetId The asset.
    /// @param uri The new metadata URI.
    function setURI(uint256 assetId, string calldata uri) external;

    /// @notice The number of registered assets, which is also the highest asset id.
    function assetCount() external view returns (uint256);

    /// @notice The asset holding `contentHash`, or 0 if none does.
    /// @param contentHash A content hash.
    function assetOf(bytes32 contentHash) external view returns (uint256);

    /// @notice An asset's registration data.
    /// @param assetId The asset.
    /// @return contentHash Its content hash.
    /// @return kind Its kind.
    /// @return upstreamShareBps The sum of its edge weights.
    function assetInfo(uint256 assetId)
        external
        view
        returns (bytes32 contentHash, AssetKind kind, uint16 upstreamShareBps);

    /// @notice The maximum number of parents one asset may have.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_PARENTS() external view returns (uint256);
}
