// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {Signing} from "../utils/Signing.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.hashProposal` and `proposalDigest` (hand-encoded in assembly) against the compiler's
/// EIP-712 encoding, and the distributor's EIP-712 domain. (The mocha suite cross-checks them with ethers.)
contract HashProposalTest is BaseTest {
    function testFuzz_ProposalDigestMatchesTheIndependentEip712Encoding(
        uint64 epoch,
        uint64 fromBlock,
        uint64 toBlock,
        bytes32 payoutRoot,
        bytes32 scoresRoot,
        bytes32 manifestHash,
        uint256 total0,
        uint256 total1
    ) public view {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("any");
        (proposal.epoch, proposal.fromBlock, proposal.toBlock) = (epoch, fromBlock, toBlock);
        (proposal.payoutRoot, proposal.scoresRoot, proposal.manifestHash) = (payoutRoot, scoresRoot, manifestHash);
        proposal.totals = _totals(total0, total1);
        assertEq(distributor.hashProposal(proposal), Signing.proposalHash(proposal), "proposal hash");
        assertEq(
            distributor.proposalDigest(proposal),
            Signing.proposalDigest(address(distributor), proposal),
            "proposal digest"
        );
    }

    /// @dev The arrays are copied from calldata in one go: lists of any length, equal or not, hash as EIP-712 says.
    function testFuzz_HashProposalOfListsOfAnyLengthMatchesTheIndependentEncoding(
        bytes32 seed,
        uint256 tokenCount,
        uint256 totalCount
    ) public view {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("lists");
        proposal.tokens = new address[](bound(tokenCount, 0, 40));
        proposal.totals = new uint256[](bound(totalCount, 0, 40));
        for (uint256 i; i < proposal.tokens.length; ++i) {
            proposal.tokens[i] = address(uint160(uint256(keccak256(abi.encode(seed, "token", i)))));
        }
        for (uint256 i; i < proposal.totals.length; ++i) {
            proposal.totals[i] = uint256(keccak256(abi.encode(seed, "total", i)));
        }
        assertEq(distributor.hashProposal(proposal), Signing.proposalHash(proposal), "proposal hash");
    }

    function testHashProposalOfEmptyListsMatchesTheIndependentEncoding() public view {
        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("empty");
        proposal.tokens = new address[](0);
        proposal.totals = new uint256[](0);
        assertEq(distributor.hashProposal(proposal), Signing.proposalHash(proposal), "proposal hash");
    }

    function testEip712DomainIsTheDistributorsOnThisChain() public view {
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            distributor.eip712Domain();
        assertEq(uint256(uint8(fields)), 0x0f, "fields: name, version, chain id, verifying contract");
        assertEq(name, "CoherencePayoutDistributor", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chain id");
        assertEq(verifyingContract, address(distributor), "verifying contract");
    }
}
