// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetRegistry} from "../AssetRegistry.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {TestBase} from "./utils/TestBase.t.sol";

/// @notice Fuzz tests of the asset registry's lineage rules: any weight vector summing to at most 10,000 bps is
/// accepted and recorded as the upstream share, any summing above is rejected; parents exist and are distinct;
/// content hashes are unique.
contract AssetRegistryTest is TestBase {
    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_PARENTS = 32;

    AssetRegistry private _registry;
    address private _creator = address(0xC4EA7);

    function setUp() public {
        _registry = new AssetRegistry();
        // Enough root assets for the largest lineage allowed.
        for (uint256 i; i < _MAX_PARENTS; ++i) {
            _registry.register(
                keccak256(abi.encode("root", i)), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0)
            );
        }
    }

    function testFuzz_RegisterAcceptsAnyWeightsSummingToAtMostTheFullShare(
        uint16[_MAX_PARENTS] memory rawWeights,
        uint256 count,
        uint256 parentOffset,
        bool takeTheRest
    ) public {
        count = bound(count, 0, _MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, parentOffset);
        uint256 remaining = _BPS;
        for (uint256 i; i < count; ++i) {
            // Leave at least one bps for each parent still to come; the last may take all that is left.
            uint256 maxWeight = remaining - (count - 1 - i);
            uint256 weight = takeTheRest && i == count - 1 ? maxWeight : bound(rawWeights[i], 1, maxWeight);
            // Safe cast: weight <= 10,000.
            weights[i] = uint16(weight);
            remaining -= weight;
        }
        uint256 sum = _BPS - remaining;
        bytes32 contentHash = keccak256(abi.encode("child", rawWeights, count));

        vm.prank(_creator);
        uint256 assetId =
            _registry.register(contentHash, "ipfs://child", IAssetRegistry.AssetKind.Model, parents, weights);

        assertEq(assetId, _MAX_PARENTS + 1, "asset id");
        assertEq(_registry.assetCount(), assetId, "asset count");
        assertEq(_registry.ownerOf(assetId), _creator, "owner");
        assertEq(_registry.assetOf(contentHash), assetId, "asset of content hash");
        (bytes32 storedHash, IAssetRegistry.AssetKind kind, uint16 upstreamShareBps) = _registry.assetInfo(assetId);
        assertEq(storedHash, contentHash, "content hash");
        assertEq(uint256(kind), uint256(IAssetRegistry.AssetKind.Model), "kind");
        assertEq(upstreamShareBps, sum, "upstream share is the sum of the weights");
    }

    function testFuzz_RegisterRejectsAnyWeightsSummingAboveTheFullShare(
        uint16[_MAX_PARENTS] memory rawWeights,
        uint256 count,
        uint256 parentOffset
    ) public {
        count = bound(count, 1, _MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, parentOffset);
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            weights[i] = uint16(bound(rawWeights[i], 1, type(uint16).max));
            sum += weights[i];
        }
        if (sum <= _BPS) {
            // Push the last weight up so that the sum is just over the limit.
            uint256 excess = _BPS + 1 - sum;
            // Safe cast: weights[count - 1] + excess <= 10,001.
            weights[count - 1] = uint16(weights[count - 1] + excess);
            sum += excess;
        }

        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUpstreamShareTooHigh.selector, sum));
        _registry.register(keccak256("over"), "", IAssetRegistry.AssetKind.Code, parents, weights);
        assertEq(_registry.assetCount(), _MAX_PARENTS, "nothing registered");
    }

    function testFuzz_RegisterWithAParentThatDoesNotExistShouldRevert(uint256 parent, uint256 position) public {
        vm.assume(parent == 0 || parent > _MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(3, 0);
        position = bound(position, 0, 2);
        parents[position] = parent;

        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownParent.selector, parent));
        _registry.register(keccak256("orphan"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testFuzz_RegisterWithARepeatedParentShouldRevert(uint256 count, uint256 first, uint256 second) public {
        count = bound(count, 2, _MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, 0);
        first = bound(first, 0, count - 1);
        second = bound(second, 0, count - 1);
        vm.assume(first != second);
        (uint256 earlier, uint256 later) = first < second ? (first, second) : (second, first);
        parents[later] = parents[earlier];

        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryDuplicateParent.selector, parents[earlier])
        );
        _registry.register(keccak256("twins"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testFuzz_ContentHashIsUniqueAcrossRegistrations(bytes32 contentHash, address secondCreator) public {
        vm.assume(contentHash != bytes32(0) && _registry.assetOf(contentHash) == 0);
        uint256 assetId =
            _registry.register(contentHash, "", IAssetRegistry.AssetKind.Data, new uint256[](0), new uint16[](0));

        vm.prank(secondCreator);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryContentHashTaken.selector, contentHash, assetId)
        );
        _registry.register(contentHash, "", IAssetRegistry.AssetKind.Docs, new uint256[](0), new uint16[](0));
    }

    function testFuzz_SetURIByAnyoneButTheOwnerShouldRevert(address caller, uint256 assetId) public {
        assetId = bound(assetId, 1, _MAX_PARENTS);
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, assetId, caller));
        _registry.setURI(assetId, "ipfs://hijack");
    }

    /* HELPERS */

    /// @dev `count` distinct existing parents, a window of the roots starting at `offset`, each weighing one bps.
    function _lineage(uint256 count, uint256 offset)
        private
        pure
        returns (uint256[] memory parents, uint16[] memory weights)
    {
        parents = new uint256[](count);
        weights = new uint16[](count);
        for (uint256 i; i < count; ++i) {
            parents[i] = (offset % _MAX_PARENTS + i) % _MAX_PARENTS + 1;
            weights[i] = 1;
        }
    }
}
