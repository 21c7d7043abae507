// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IAssetRegistry
/// @notice Registry of composable assets. Each asset is an ERC-721 token whose registration records its
/// content hash, metadata URI, kind and lineage: the parents it was built from, each with an edge weight in
/// basis points. The sum of the edge weights is the asset's upstream share, the part of its contributor revenue
/// that flows to its parents. Parents must already exist, so the lineage is a DAG by construction.
/// Registration is first-come, so a content hash's real author can have it verified: a verifier (appointed by
/// governance, such as the forge intake after it read the repository's owner-signed opt-in file) signs that an
/// address is its author; with that signature the author marks the asset verified or, if someone else registered
/// it first, takes it back with the lineage of their choice. Owners choose which attesters may attest to their
/// asset and publish its rate card, the roles and hourly bounds its contributors' labour is priced by.
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

    /// @notice Whether an attester may attest a contribution to an asset, as `attesterStatus` answers it.
    enum AttesterStatus {
        /// @notice No such asset.
        UnknownAsset,
        /// @notice The asset takes attestations from any attester, or its owner chose this one.
        Allowed,
        /// @notice The asset's owner restricted its attesters and did not choose this one.
        NotChosen
    }

    /// @notice A verifier's signed statement that `author` is the author of an asset's content: the EIP-712
    /// struct `Authorship(bytes32 contentHash,address author,uint256 deadline)` signed by `verifier`.
    struct Authorship {
        address author;
        address verifier;
        uint256 deadline;
        bytes signature;
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

    /// @notice Emitted when an asset's owner restricts its attesters to those it chose, or lifts the restriction.
    /// @param assetId The asset.
    /// @param restricted Whether only chosen attesters may attest to it from now on.
    event AttestersRestricted(uint256 indexed assetId, bool restricted);

    /// @notice Emitted when an asset's owner chooses an attester, or withdraws the choice.
    /// @param assetId The asset.
    /// @param attester The attester.
    /// @param chosen Whether it may attest to the asset while its attesters are restricted.
    event AttesterChosen(uint256 indexed assetId, address indexed attester, bool chosen);

    /// @notice Emitted when an asset's owner publishes its rate card or withdraws it, and when a reclaim withdraws
    /// the previous owner's.
    /// @param assetId The asset.
    /// @param rateCardHash The `canonicalHash` of the card that cost reports of its contributions price labour by,
    /// or zero for none.
    event RateCardSet(uint256 indexed assetId, bytes32 rateCardHash);

    /// @notice Emitted when an asset's author is verified.
    /// @param assetId The asset.
    /// @param author Its verified author, who owns it from now on.
    /// @param verifier The verifier who signed the authorship.
    /// @param previousOwner Who owned it before: the author itself, or who registered the author's content first.
    event AuthorshipVerified(
        uint256 indexed assetId, address indexed author, address indexed verifier, address previousOwner
    );

    /// @notice Emitted when the verified author of an asset registered by someone else takes it back and sets its
    /// lineage anew. The attesters the previous owner chose no longer count, and its attesters are unrestricted;
    /// a rate card the previous owner published is withdrawn with its own `RateCardSet`.
    /// @param assetId The asset.
    /// @param parents Its parents from now on, each registered before it.
    /// @param parentWeightsBps The edge weight of each parent in basis points.
    /// @param upstreamShareBps The sum of `parentWeightsBps`.
    event LineageReset(uint256 indexed assetId, uint256[] parents, uint16[] parentWeightsBps, uint16 upstreamShareBps);

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
    /// @notice The authorship statement is past its deadline.
    error AssetRegistryExpiredAuthorship(uint256 deadline);
    /// @notice The authorship statement is not signed by a verifier.
    error AssetRegistryInvalidAuthorship(address verifier);
    /// @notice The asset's author is verified already.
    error AssetRegistryAlreadyVerified(uint256 assetId);
    /// @notice `verifyAuthorship` is for an author who owns the asset; one who does not takes it back with
    /// `reclaim`.
    error AssetRegistryAuthorIsNotOwner(uint256 assetId, address author, address owner);
    /// @notice The author owns the asset already: there is nothing to reclaim (`verifyAuthorship` verifies it).
    error AssetRegistryAuthorIsOwner(uint256 assetId, address author);
    /// @notice Only the verified author itself may reclaim an asset, since it sets the lineage.
    error AssetRegistryNotTheAuthor(uint256 assetId, address caller, address author);
    /// @notice A reclaimed asset's parent must be registered before it, so that the lineage stays a DAG.
    error AssetRegistryParentNotOlder(uint256 assetId, uint256 parentId);

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

    /// @notice Restricts the asset's attesters to those its owner chose, or lifts the restriction. Only its owner.
    /// @param assetId The asset.
    /// @param restricted Whether only chosen attesters may attest to it.
    function setAttestersRestricted(uint256 assetId, bool restricted) external;

    /// @notice Chooses an attester for the asset, or withdraws the choice. Only its owner.
    /// @param assetId The asset.
    /// @param attester The attester.
    /// @param chosen Whether it may attest while the asset's attesters are restricted.
    function setAttesterChosen(uint256 assetId, address attester, bool chosen) external;

    /// @notice Publishes the asset's rate card, or withdraws it with zero. Only its owner; a transfer of the token
    /// keeps the card, a reclaim withdraws it.
    /// @param assetId The asset.
    /// @param rateCardHash The `canonicalHash` of the card (a `coherence-rate-card-v1` document), or zero for none.
    function setRateCard(uint256 assetId, bytes32 rateCardHash) external;

    /// @notice Marks the asset's author verified, with a verifier's signed statement that its owner is the author.
    /// Anyone may submit it.
    /// @param assetId The asset.
    /// @param authorship The verifier's statement; its author must be the asset's owner.
    function verifyAuthorship(uint256 assetId, Authorship calldata authorship) external;

    /// @notice Takes back an asset whose content someone else registered first: the verified author (the caller)
    /// becomes its owner and sets its lineage; the previous owner's choice of attesters lapses and its rate card is
    /// withdrawn. A verified asset cannot be reclaimed.
    /// @param assetId The asset.
    /// @param authorship The verifier's statement; its author must be the caller.
    /// @param parents The asset's parents from now on, each registered before it.
    /// @param parentWeightsBps Edge weight per parent in basis points.
    function reclaim(
        uint256 assetId,
        Authorship calldata authorship,
        uint256[] calldata parents,
        uint16[] calldata parentWeightsBps
    ) external;

    /// @notice Whether `attester` may attest a contribution to `assetId` (ignoring the ledger's attester role).
    /// @param assetId The asset.
    /// @param attester The attester.
    function attesterStatus(uint256 assetId, address attester) external view returns (AttesterStatus);

    /// @notice Whether the asset's author is verified.
    /// @param assetId The asset.
    function isVerified(uint256 assetId) external view returns (bool);

    /// @notice The EIP-712 digest a verifier signs to state that `author` wrote the content `contentHash`.
    /// @param contentHash The content hash.
    /// @param author The author.
    /// @param deadline When the statement expires.
    function authorshipDigest(bytes32 contentHash, address author, uint256 deadline) external view returns (bytes32);

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

    /// @notice The asset's rate card as its owner published it.
    /// @param assetId The asset.
    /// @return The card's `canonicalHash`, or zero if the asset has none.
    function rateCardOf(uint256 assetId) external view returns (bytes32);

    /// @notice The maximum number of parents one asset may have.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_PARENTS() external view returns (uint256);
}
