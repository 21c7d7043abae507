// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice The registry's views of assets that do not exist: `assetInfo`, `assetOf` and `tokenURI`.
contract AssetViewsTest is BaseTest {
    function testFuzz_AssetInfoOfAnAssetThatDoesNotExistShouldRevert(uint256 assetId) public {
        vm.assume(assetId == 0 || assetId > ASSETS);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownAsset.selector, assetId));
        registry.assetInfo(assetId);
    }

    function testAssetInfoOfAssetZeroShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownAsset.selector, 0));
        registry.assetInfo(0);
    }

    function testAssetOfAnUnregisteredContentHashIsZero() public view {
        assertEq(registry.assetOf(keccak256("nope")), 0, "asset of an unregistered content hash");
        assertEq(registry.assetOf(keccak256(abi.encode("root", uint256(0)))), 1, "asset of a registered one");
    }

    function testTokenURIOfAnUnknownAssetShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, ASSETS + 1));
        registry.tokenURI(ASSETS + 1);
    }
}
