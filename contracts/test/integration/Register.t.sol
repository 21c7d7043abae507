// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `AssetRegistry.register`: the token, the record and the event of a new asset, and the lineage rules
/// (parents exist and are distinct, weights non-zero and summing to at most 10,000 bps, content hashes unique).
contract RegisterTest is BaseTest {
    /// @dev Enough roots for the largest lineage allowed; asset `MAX_PARENTS + 1` is the next one.
    function setUp() public override {
        super.setUp();
        _registerRoots(MAX_PARENTS - ASSETS);
    }

    function testRegisterRootAssetMintsItAndEmitsEverythingAnIndexerNeeds() public {
        bytes32 contentHash = keccak256("root asset");
        uint256 assetId = MAX_PARENTS + 1;
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AssetRegistered(
            assetId,
            carol,
            contentHash,
            IAssetRegistry.AssetKind.Model,
            "ipfs://root",
            new uint256[](0),
            new uint16[](0),
            0
        );
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(address(0), carol, assetId);
        vm.prank(carol);
        uint256 returned = registry.register(
            contentHash, "ipfs://root", IAssetRegistry.AssetKind.Model, new uint256[](0), new uint16[](0)
        );

        assertEq(returned, assetId, "returned asset id");
        assertEq(registry.assetCount(), assetId, "asset count");
        assertEq(registry.ownerOf(assetId), carol, "owner");
        assertEq(registry.balanceOf(carol), 2, "carol's balance: root 3 and the new asset");
        assertEq(registry.assetOf(contentHash), assetId, "asset of content hash");
        assertEq(registry.tokenURI(assetId), "ipfs://root", "token URI");
        (bytes32 storedHash, IAssetRegistry.AssetKind kind, uint16 upstreamShareBps) = registry.assetInfo(assetId);
        assertEq(storedHash, contentHash, "content hash");
        assertEq(uint256(kind), uint256(IAssetRegistry.AssetKind.Model), "kind");
        assertEq(upstreamShareBps, 0, "upstream share");
    }

    function testRegisterWithParentsRecordsTheirWeightsAndTheUpstreamShare() public {
        uint256[] memory parents = _list(3, 1);
        uint16[] memory weights = _weights(1_500, 2_500);
        uint256 child = MAX_PARENTS + 1;
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AssetRegistered(
            child, bob, keccak256("child"), IAssetRegistry.AssetKind.Docs, "ipfs://child", parents, weights, 4_000
        );
        vm.prank(bob);
        registry.register(keccak256("child"), "ipfs://child", IAssetRegistry.AssetKind.Docs, parents, weights);
        (, IAssetRegistry.AssetKind kind, uint16 upstreamShareBps) = registry.assetInfo(child);
        assertEq(uint256(kind), uint256(IAssetRegistry.AssetKind.Docs), "kind");
        assertEq(upstreamShareBps, 4_000, "upstream share");

        // Descendants build on descendants: the lineage is a DAG.
        vm.prank(alice);
        registry.register(
            keccak256("grandchild"), "", IAssetRegistry.AssetKind.Code, _list(child, 2), _weights(5_000, 100)
        );
        (,, uint16 grandchildShare) = registry.assetInfo(child + 1);
        assertEq(grandchildShare, 5_100, "grandchild's upstream share");
    }

    function testRegisterWithAnUpstreamShareOfExactlyTenThousandBpsShouldSucceed() public {
        registry.register(
            keccak256("all upstream"), "", IAssetRegistry.AssetKind.Other, _list(1, 2), _weights(4_000, 6_000)
        );
        (,, uint16 upstreamShareBps) = registry.assetInfo(MAX_PARENTS + 1);
        assertEq(upstreamShareBps, BPS, "upstream share");
    }

    function testRegisterWithExactlyMaxParentsShouldSucceed() public {
        uint256[] memory parents = new uint256[](MAX_PARENTS);
        uint16[] memory weights = new uint16[](MAX_PARENTS);
        for (uint256 i; i < MAX_PARENTS; ++i) {
            (parents[i], weights[i]) = (i + 1, 300);
        }
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AssetRegistered(
            MAX_PARENTS + 1, alice, keccak256("many"), IAssetRegistry.AssetKind.Code, "", parents, weights, 9_600
        );
        vm.prank(alice);
        registry.register(keccak256("many"), "", IAssetRegistry.AssetKind.Code, parents, weights);
        assertEq(registry.MAX_PARENTS(), MAX_PARENTS, "MAX_PARENTS");
    }

    function testRegisterWithAnEmptyURIStoresNone() public {
        uint256 assetId = registry.register(
            keccak256("no uri"), "", IAssetRegistry.AssetKind.Data, new uint256[](0), new uint16[](0)
        );
        assertEq(registry.tokenURI(assetId), "", "token URI");
    }

    function testRegisterWithAZeroContentHashShouldRevert() public {
        vm.expectRevert(IAssetRegistry.AssetRegistryZeroContentHash.selector);
        registry.register(bytes32(0), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0));
    }

    function testRegisterWithParentsAndWeightsOfDifferentLengthsShouldRevert() public {
        uint16[] memory weights = new uint16[](1);
        weights[0] = 100;
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryLengthMismatch.selector, 2, 1));
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, _list(1, 2), weights);
    }

    function testRegisterWithMoreThanMaxParentsShouldRevert() public {
        _registerRoots(1);
        uint256[] memory parents = new uint256[](MAX_PARENTS + 1);
        uint16[] memory weights = new uint16[](MAX_PARENTS + 1);
        for (uint256 i; i <= MAX_PARENTS; ++i) {
            (parents[i], weights[i]) = (i + 1, 1);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryTooManyParents.selector, MAX_PARENTS + 1, MAX_PARENTS)
        );
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testRegisterWithTheAssetsOwnFutureIdAsParentShouldRevert() public {
        uint256[] memory parents = new uint256[](1);
        parents[0] = MAX_PARENTS + 1;
        uint16[] memory weights = new uint16[](1);
        weights[0] = 100;
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownParent.selector, MAX_PARENTS + 1));
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testRegisterWithAZeroWeightShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryZeroWeight.selector, 3));
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, _list(1, 3), _weights(100, 0));
    }

    function testRegisterSumsWeightsWithoutUint16Overflow() public {
        // 65,535 + 65,535 would wrap in uint16; the sum is taken in uint256 and rejected as too high.
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUpstreamShareTooHigh.selector, 131_070));
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, _list(1, 2), _weights(65_535, 65_535));
    }

    function testFuzz_RegisterAcceptsAnyWeightsSummingToAtMostTheFullShare(
        uint16[MAX_PARENTS] memory rawWeights,
        uint256 count,
        uint256 parentOffset,
        bool takeTheRest
    ) public {
        count = bound(count, 0, MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, parentOffset);
        uint256 remaining = BPS;
        for (uint256 i; i < count; ++i) {
            // Leave at least one bps for each parent still to come; the last may take all that is left.
            uint256 maxWeight = remaining - (count - 1 - i);
            uint256 weight = takeTheRest && i == count - 1 ? maxWeight : bound(rawWeights[i], 1, maxWeight);
            // Safe cast: weight <= 10,000.
            weights[i] = uint16(weight);
            remaining -= weight;
        }
        uint256 sum = BPS - remaining;
        bytes32 contentHash = keccak256(abi.encode("child", rawWeights, count));

        vm.prank(carol);
        uint256 assetId =
            registry.register(contentHash, "ipfs://child", IAssetRegistry.AssetKind.Model, parents, weights);

        assertEq(assetId, MAX_PARENTS + 1, "asset id");
        assertEq(registry.assetCount(), assetId, "asset count");
        assertEq(registry.ownerOf(assetId), carol, "owner");
        assertEq(registry.assetOf(contentHash), assetId, "asset of content hash");
        (bytes32 storedHash, IAssetRegistry.AssetKind kind, uint16 upstreamShareBps) = registry.assetInfo(assetId);
        assertEq(storedHash, contentHash, "content hash");
        assertEq(uint256(kind), uint256(IAssetRegistry.AssetKind.Model), "kind");
        assertEq(upstreamShareBps, sum, "upstream share is the sum of the weights");
    }

    function testFuzz_RegisterWithWeightsSummingAboveTheFullShareShouldRevert(
        uint16[MAX_PARENTS] memory rawWeights,
        uint256 count,
        uint256 parentOffset
    ) public {
        count = bound(count, 1, MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, parentOffset);
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            weights[i] = uint16(bound(rawWeights[i], 1, type(uint16).max));
            sum += weights[i];
        }
        if (sum <= BPS) {
            // Push the last weight up so that the sum is just over the limit.
            uint256 excess = BPS + 1 - sum;
            // Safe cast: weights[count - 1] + excess <= 10,001.
            weights[count - 1] = uint16(weights[count - 1] + excess);
            sum += excess;
        }

        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUpstreamShareTooHigh.selector, sum));
        registry.register(keccak256("over"), "", IAssetRegistry.AssetKind.Code, parents, weights);
        assertEq(registry.assetCount(), MAX_PARENTS, "nothing registered");
    }

    function testFuzz_RegisterWithAParentThatDoesNotExistShouldRevert(uint256 parent, uint256 position) public {
        vm.assume(parent == 0 || parent > MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(3, 0);
        position = bound(position, 0, 2);
        parents[position] = parent;

        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownParent.selector, parent));
        registry.register(keccak256("orphan"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testRegisterWithParentZeroShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownParent.selector, 0));
        registry.register(keccak256("x"), "", IAssetRegistry.AssetKind.Code, _list(1, 0), _weights(100, 100));
    }

    function testFuzz_RegisterWithARepeatedParentShouldRevert(uint256 count, uint256 first, uint256 second) public {
        count = bound(count, 2, MAX_PARENTS);
        (uint256[] memory parents, uint16[] memory weights) = _lineage(count, 0);
        first = bound(first, 0, count - 1);
        second = bound(second, 0, count - 1);
        vm.assume(first != second);
        (uint256 earlier, uint256 later) = first < second ? (first, second) : (second, first);
        parents[later] = parents[earlier];

        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryDuplicateParent.selector, parents[earlier])
        );
        registry.register(keccak256("twins"), "", IAssetRegistry.AssetKind.Code, parents, weights);
    }

    function testFuzz_RegisterWithATakenContentHashShouldRevert(bytes32 contentHash, address secondCreator) public {
        vm.assume(contentHash != bytes32(0) && registry.assetOf(contentHash) == 0);
        uint256 assetId =
            registry.register(contentHash, "", IAssetRegistry.AssetKind.Data, new uint256[](0), new uint16[](0));

        vm.prank(secondCreator);
        vm.expectRevert(
            abi.encodeWithSelector(IAssetRegistry.AssetRegistryContentHashTaken.selector, contentHash, assetId)
        );
        registry.register(contentHash, "", IAssetRegistry.AssetKind.Docs, new uint256[](0), new uint16[](0));
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
            parents[i] = (offset % MAX_PARENTS + i) % MAX_PARENTS + 1;
            weights[i] = 1;
        }
    }
}
