// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title MerkleBuilder
/// @notice Builds small payout trees in Solidity exactly as OpenZeppelin's StandardMerkleTree lays them out:
/// a complete binary tree in an array (root at 0, leaf `i` at `length - 1 - i`), sorted-pair inner nodes and
/// double-hashed leaves. Leaves are kept in the order given (the JavaScript library sorts them by hash first,
/// which changes the root but not how proofs verify).
library MerkleBuilder {
    /// @notice The StandardMerkleTree leaf of `(account, token, cumulativeAmount)`.
    function leaf(address account, address token, uint256 cumulativeAmount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, token, cumulativeAmount))));
    }

    /// @notice The whole tree of `leaves` (at least one).
    function build(bytes32[] memory leaves) internal pure returns (bytes32[] memory tree) {
        uint256 count = leaves.length;
        tree = new bytes32[](2 * count - 1);
        for (uint256 i; i < count; ++i) {
            tree[tree.length - 1 - i] = leaves[i];
        }
        for (uint256 i = tree.length - count; i > 0; --i) {
            tree[i - 1] = hashPair(tree[2 * i - 1], tree[2 * i]);
        }
    }

    /// @notice The proof of the `index`-th leaf given to `build`.
    function proof(bytes32[] memory tree, uint256 index) internal pure returns (bytes32[] memory path) {
        uint256 node = tree.length - 1 - index;
        uint256 depth;
        for (uint256 i = node; i > 0; i = (i - 1) / 2) {
            ++depth;
        }
        path = new bytes32[](depth);
        for (uint256 level; node > 0; ++level) {
            // Odd nodes are left children, so their sibling is the next node; even nodes the previous one.
            path[level] = tree[node % 2 == 1 ? node + 1 : node - 1];
            node = (node - 1) / 2;
        }
    }

    /// @notice The sorted-pair hash of two nodes (OpenZeppelin's `Hashes.commutativeKeccak256`).
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}
