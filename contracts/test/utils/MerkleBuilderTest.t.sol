// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {MerkleBuilder} from "./MerkleBuilder.t.sol";
import {TestBase} from "./TestBase.t.sol";

/// @notice The test tree builder itself: its trees are OpenZeppelin's StandardMerkleTree, so the suite's roots and
/// proofs are the ones the oracle publishes.
contract MerkleBuilderTest is TestBase {
    /// @dev Pins the builder to @openzeppelin/merkle-tree 1.0.8: `StandardMerkleTree.of(values,
    /// ["address", "address", "uint256"], { sortLeaves: false })` over these five leaves gives this root and proof.
    function testTreeBuilderMatchesOpenZeppelinStandardMerkleTree() public pure {
        address[3] memory accounts = [address(0xA11C), address(0x0B0B), address(0x0CA7)];
        address[2] memory tokens = [address(0xAA), address(0xBB)];
        bytes32[] memory leaves = new bytes32[](5);
        for (uint256 i; i < leaves.length; ++i) {
            leaves[i] = MerkleBuilder.leaf(accounts[i % 3], tokens[i % 2], (i + 1) * 1e18 + 7);
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        bytes32[] memory proof = MerkleBuilder.proof(tree, 3);

        assertEq(tree[0], 0xbd58cf9533d45ba1b014526b15fdeb08d78b0292bd5b12e1473c4334c076a257, "root");
        assertEq(proof.length, 2, "proof length");
        assertEq(proof[0], 0xd6a05df9b61466d0c0061b407669e69818198cef707c50f311c43bb23598c54f, "proof[0]");
        assertEq(proof[1], 0xcd43c83c31fc5faa6ffc1a48f649ee8da29d6ab7e59838541611ad59e72d2143, "proof[1]");
    }

    function testFuzz_TreeBuilderProofsVerifyWithOpenZeppelin(bytes32 seed, uint256 count) public pure {
        count = bound(count, 1, 33);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            leaves[i] = keccak256(abi.encode(seed, i));
        }
        bytes32[] memory tree = MerkleBuilder.build(leaves);
        for (uint256 i; i < count; ++i) {
            assertTrue(MerkleProof.verify(MerkleBuilder.proof(tree, i), tree[0], leaves[i]), "proof verifies");
        }
    }
}
