// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `AssetRegistry.setURI`: only the asset's current owner changes its metadata URI.
contract SetURITest is BaseTest {
    function testSetURIByTheOwnerChangesTheURIAndEmitsIt() public {
        vm.expectEmit(address(registry));
        emit IAssetRegistry.AssetURIUpdated(1, "ipfs://a-v2");
        vm.prank(alice);
        registry.setURI(1, "ipfs://a-v2");
        assertEq(registry.tokenURI(1), "ipfs://a-v2", "token URI");
    }

    function testFuzz_SetURIByAnyoneButTheOwnerShouldRevert(address caller, uint256 assetId) public {
        assetId = bound(assetId, 1, ASSETS);
        vm.assume(caller != registry.ownerOf(assetId));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, assetId, caller));
        registry.setURI(assetId, "ipfs://hijack");
    }

    function testSetURIFollowsTheTokenToItsNewOwner() public {
        vm.prank(alice);
        registry.transferFrom(alice, bob, 1);
        vm.prank(bob);
        registry.setURI(1, "ipfs://bob");
        assertEq(registry.tokenURI(1), "ipfs://bob", "token URI set by the new owner");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, 1, alice));
        registry.setURI(1, "ipfs://alice");
    }

    function testSetURIOfAnUnknownAssetShouldRevert() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, ASSETS + 1));
        registry.setURI(ASSETS + 1, "ipfs://none");
    }
}
