// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IContributionLedger
/// @notice Attestations of contributions to assets, with their real costs. Authorised attesters attest singly,
/// in batches, or by EIP-712 signature submitted by any relayer, to assets whose owner allows them (see
/// `IAssetRegistry.attesterStatus`); the attester who made an attestation may revoke it with a reason and attest a
/// corrected one in its place, and governance may strike it for good.
/// @dev Only what on-chain checks need is stored (each contribution's status); the full record is in
/// `ContributionAttested`. A contribution's id is `keccak256(abi.encode(assetId, contributor, evidenceHash))`,
/// which makes the same evidence attested twice for one contributor and asset a detectable duplicate.
interface IContributionLedger {
    /// @notice A contribution to attest. Costs are in micro-USD (1e-6 USD).
    struct Contribution {
        address contributor;
        uint256 assetId;
        uint64 laborMicroUsd;
        uint64 toolsMicroUsd;
        uint64 computeMicroUsd;
        bytes32 evidenceHash;
        string evidenceUri;
    }

    /// @notice The state of a contribution id.
    enum Status {
        /// @notice Never attested.
        None,
        /// @notice Attested and counted.
        Attested,
        /// @notice Withdrawn by its attester; not counted, and a corrected attestation may take its place.
        Revoked,
        /// @notice Revoked by governance; not counted, for good.
        Struck
    }

    /// @notice Emitted for every attested contribution with its full record, again when a corrected attestation
    /// supersedes a revoked one (the latest record is the contribution).
    /// @param id The contribution id.
    /// @param assetId The asset contributed to.
    /// @param contributor The contributor, who is paid for it.
    /// @param attester The attester that vouched for it.
    /// @param laborMicroUsd Labor cost in micro-USD.
    /// @param toolsMicroUsd Tools cost in micro-USD.
    /// @param computeMicroUsd Compute cost in micro-USD.
    /// @param evidenceHash Hash of the evidence (e.g. a git commit id).
    /// @param evidenceUri Where the evidence can be found.
    event ContributionAttested(
        bytes32 indexed id,
        uint256 indexed assetId,
        address indexed contributor,
        address attester,
        uint64 laborMicroUsd,
        uint64 toolsMicroUsd,
        uint64 computeMicroUsd,
        bytes32 evidenceHash,
        string evidenceUri
    );

    /// @notice Emitted when a contribution is revoked or struck; the oracle ignores it from then on, until a
    /// corrected attestation of a revoked one.
    /// @param id The contribution id.
    /// @param revoker Its attester, or governance (which strikes it).
    /// @param reason Why it was revoked.
    event ContributionRevoked(bytes32 indexed id, address indexed revoker, string reason);

    /// @notice The asset does not exist.
    error ContributionLedgerUnknownAsset(uint256 assetId);
    /// @notice The contributor is the zero address.
    error ContributionLedgerZeroContributor();
    /// @notice Labor, tools and compute costs are all zero.
    error ContributionLedgerZeroCost();
    /// @notice The evidence hash is zero.
    error ContributionLedgerZeroEvidence();
    /// @notice This (asset, contributor, evidence) is attested, or struck by governance.
    error ContributionLedgerAlreadyAttested(bytes32 id);
    /// @notice The asset's owner restricted its attesters and did not choose this one.
    error ContributionLedgerAttesterNotChosen(uint256 assetId, address attester);
    /// @notice Only the attester who attested a contribution, or governance, may revoke it.
    error ContributionLedgerNotItsAttester(bytes32 id, address caller, address attester);
    /// @notice No attested, unrevoked contribution has this id.
    error ContributionLedgerNotAttested(bytes32 id);
    /// @notice A batch is empty.
    error ContributionLedgerEmptyBatch();
    /// @notice The signed attestation's deadline has passed.
    error ContributionLedgerExpiredSignature(uint256 deadline);
    /// @notice The signature is not the attester's, or the signer is not an attester.
    error ContributionLedgerInvalidSignature(address attester);
    /// @notice The registry answered `attesterStatus` with less than a word or with no `AttesterStatus`: it is no
    /// asset registry (an EOA, or a contract that returns nothing or something else).
    error ContributionLedgerInvalidRegistry(address registry);

    /// @notice Attests one contribution, or a corrected one in place of a revoked one. Only attesters the asset
    /// allows.
    /// @param contribution The contribution.
    /// @return id Its contribution id.
    function attest(Contribution calldata contribution) external returns (bytes32 id);

    /// @notice Attests several contributions in one transaction. Only attesters.
    /// @param contributions The contributions; all or none are attested.
    function attestBatch(Contribution[] calldata contributions) external;

    /// @notice Attests contributions signed by an attester (EIP-712), submitted by anyone.
    /// @param contributions The contributions the attester signed.
    /// @param attester The signing attester (an EOA or an ERC-1271 contract).
    /// @param deadline Timestamp after which the signature is void.
    /// @param signature The attester's signature over `AttestContributions`.
    function attestWithSig(
        Contribution[] calldata contributions,
        address attester,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice Revokes an attested contribution. The attester who attested it (while it holds the attester role)
    /// revokes it, and may attest a corrected one; the admin (the timelock) strikes it, or a revoked one, for good.
    /// @param id The contribution id.
    /// @param reason Why; recorded in the event.
    function revoke(bytes32 id, string calldata reason) external;

    /// @notice The status of a contribution id.
    /// @param id The contribution id.
    function statusOf(bytes32 id) external view returns (Status);

    /// @notice Who attested a contribution (the zero address if nobody did).
    /// @param id The contribution id.
    function attesterOf(bytes32 id) external view returns (address);

    /// @notice The contribution id of an (asset, contributor, evidence) triple.
    function contributionId(uint256 assetId, address contributor, bytes32 evidenceHash)
        external
        pure
        returns (bytes32);

    /// @notice The next signature nonce of an attester.
    /// @param attester The attester.
    function nonces(address attester) external view returns (uint256);
}
