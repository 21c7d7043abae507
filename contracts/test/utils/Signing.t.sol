// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContributionLedger} from "../../interfaces/IContributionLedger.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title Signing
/// @notice EIP-712 digests computed independently of the contracts (so a test catches a wrong domain or type
/// string), signatures from known private keys, their ERC-2098 compact form, and quorums ordered by signer.
library Signing {
    Vm private constant _VM = Vm(VM_ADDRESS);

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant PROPOSAL_TYPEHASH = keccak256(
        "EpochProposal(uint64 epoch,uint64 fromBlock,uint64 toBlock,bytes32 payoutRoot,bytes32 scoresRoot,"
        "bytes32 manifestHash,address[] tokens,uint256[] totals)"
    );
    bytes32 internal constant CLAIM_TYPEHASH = keccak256(
        "Claim(address account,address token,uint256 cumulativeAmount,address recipient,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 internal constant AUTHORSHIP_TYPEHASH =
        keccak256("Authorship(bytes32 contentHash,address author,uint256 deadline)");
    bytes32 internal constant CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );
    bytes32 internal constant ATTEST_TYPEHASH = keccak256(
        "AttestContributions(Contribution[] contributions,address attester,uint256 nonce,uint256 deadline)"
        "Contribution(address contributor,uint256 assetId,uint64 laborMicroUsd,uint64 toolsMicroUsd,"
        "uint64 computeMicroUsd,bytes32 evidenceHash,string evidenceUri)"
    );

    /// @notice The EIP-712 domain separator of a contract named `name`, version "1", on this chain.
    function domainSeparator(string memory name, address verifyingContract) internal view returns (bytes32) {
        return domainSeparator(name, block.chainid, verifyingContract);
    }

    /// @notice The EIP-712 domain separator of a contract named `name`, version "1", on chain `chainId`.
    function domainSeparator(string memory name, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256("1"), chainId, verifyingContract)
        );
    }

    /// @notice The EIP-712 struct hash of `proposal`, encoded with the compiler rather than the distributor's assembly.
    function proposalHash(IPayoutDistributor.EpochProposal memory proposal) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                PROPOSAL_TYPEHASH,
                proposal.epoch,
                proposal.fromBlock,
                proposal.toBlock,
                proposal.payoutRoot,
                proposal.scoresRoot,
                proposal.manifestHash,
                keccak256(abi.encodePacked(proposal.tokens)),
                keccak256(abi.encodePacked(proposal.totals))
            )
        );
    }

    /// @notice The EIP-712 digest of `structHash` under `domain`.
    function typedDigest(bytes32 domain, bytes32 structHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    /// @notice The EIP-712 digest the distributor's oracles sign for `proposal`.
    function proposalDigest(address distributor, IPayoutDistributor.EpochProposal memory proposal)
        internal
        view
        returns (bytes32)
    {
        return typedDigest(domainSeparator("CoherencePayoutDistributor", distributor), proposalHash(proposal));
    }

    /// @notice The EIP-712 digest an account signs to let someone claim for it and pay `recipient`.
    function claimDigest(
        address distributor,
        address account,
        address token,
        uint256 cumulativeAmount,
        address recipient,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash =
            keccak256(abi.encode(CLAIM_TYPEHASH, account, token, cumulativeAmount, recipient, nonce, deadline));
        return typedDigest(domainSeparator("CoherencePayoutDistributor", distributor), structHash);
    }

    /// @notice The EIP-2612 digest `owner` signs to let `spender` take `value` of the token named `name` at `token`.
    function permitDigest(
        address token,
        string memory name,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return typedDigest(domainSeparator(name, token), structHash);
    }

    /// @notice The EIP-712 digest an attester signs to have `contributions` attested by anyone.
    function attestDigest(
        address ledger,
        IContributionLedger.Contribution[] memory contributions,
        address attester,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](contributions.length);
        for (uint256 i; i < contributions.length; ++i) {
            IContributionLedger.Contribution memory c = contributions[i];
            hashes[i] = keccak256(
                abi.encode(
                    CONTRIBUTION_TYPEHASH,
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
            keccak256(abi.encode(ATTEST_TYPEHASH, keccak256(abi.encodePacked(hashes)), attester, nonce, deadline));
        return typedDigest(domainSeparator("CoherenceContributionLedger", ledger), structHash);
    }

    /// @notice The digest a verifier signs to state that `author` wrote `contentHash`, computed independently.
    function authorshipDigest(address registry, bytes32 contentHash, address author, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(AUTHORSHIP_TYPEHASH, contentHash, author, deadline));
        return typedDigest(domainSeparator("CoherenceAssetRegistry", registry), structHash);
    }

    /// @notice A 65-byte `(r, s, v)` signature of `digest` by `privateKey`.
    function sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = _VM.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice An ERC-2098 signature of `digest` by `privateKey`: `vs` is `s` with `v - 27` in its top bit.
    function signCompact(uint256 privateKey, bytes32 digest)
        internal
        pure
        returns (IPayoutDistributor.CompactSignature memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = _VM.sign(privateKey, digest);
        return IPayoutDistributor.CompactSignature(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    /// @notice Compact signatures of `digest` by every key, ordered by signer address as the distributor requires.
    function signQuorum(uint256[] memory privateKeys, bytes32 digest)
        internal
        pure
        returns (IPayoutDistributor.CompactSignature[] memory signatures)
    {
        uint256[] memory keys = sortByAddress(privateKeys);
        signatures = new IPayoutDistributor.CompactSignature[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            signatures[i] = signCompact(keys[i], digest);
        }
    }

    /// @notice A copy of `privateKeys` sorted by their addresses, ascending (insertion sort: quorums are small).
    function sortByAddress(uint256[] memory privateKeys) internal pure returns (uint256[] memory keys) {
        keys = new uint256[](privateKeys.length);
        for (uint256 i; i < privateKeys.length; ++i) {
            uint256 key = privateKeys[i];
            address signer = _VM.addr(key);
            uint256 j = i;
            for (; j > 0 && _VM.addr(keys[j - 1]) > signer; --j) {
                keys[j] = keys[j - 1];
            }
            keys[j] = key;
        }
    }
}
