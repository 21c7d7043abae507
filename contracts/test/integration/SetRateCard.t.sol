// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `AssetRegistry.setRateCard` and `rateCardOf`: an asset's owner publishes the rate card its contributions'
/// labour is priced by, and the card goes with the token. (A reclaim withdrawing it: `Authorship.t.sol`.)
contract SetRateCardTest is BaseTest {
    bytes32 private constant _CARD = keccak256("coherence-rate-card-v1: engineer, reviewer");
    bytes32 private constant _NEXT_CARD = keccak256("coherence-rate-card-v1: engineer, reviewer, designer");

    function testAnAssetHasNoRateCardUntilItsOwnerPublishesOne() public view {
        for (uint256 assetId = 1; assetId <= ASSETS; ++assetId) {
            assertEq(registry.rateCardOf(assetId), bytes32(0), "no card");
        }
    }

    function testTheOwnerPublishesReplacesAndWithdrawsTheCard() public {
        vm.startPrank(alice);
        vm.expectEmit(address(registry));
        emit IAssetRegistry.RateCardSet(1, _CARD);
        registry.setRateCard(1, _CARD);
        assertEq(registry.rateCardOf(1), _CARD, "published");

        vm.expectEmit(address(registry));
        emit IAssetRegistry.RateCardSet(1, _NEXT_CARD);
        registry.setRateCard(1, _NEXT_CARD);
        assertEq(registry.rateCardOf(1), _NEXT_CARD, "replaced");

        vm.expectEmit(address(registry));
        emit IAssetRegistry.RateCardSet(1, bytes32(0));
        registry.setRateCard(1, bytes32(0));
        assertEq(registry.rateCardOf(1), bytes32(0), "withdrawn");
        vm.stopPrank();

        assertEq(registry.rateCardOf(2), bytes32(0), "other assets untouched");
    }

    function testFuzz_TheCardReadBackIsTheOnePublished(uint256 assetId, bytes32 rateCardHash) public {
        assetId = bound(assetId, 1, ASSETS);
        vm.prank(registry.ownerOf(assetId));
        registry.setRateCard(assetId, rateCardHash);
        assertEq(registry.rateCardOf(assetId), rateCardHash, "read back");
    }

    function testFuzz_SetRateCardByAnyoneButTheOwnerShouldRevert(address caller, uint256 assetId) public {
        assetId = bound(assetId, 1, ASSETS);
        vm.assume(caller != registry.ownerOf(assetId));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, assetId, caller));
        registry.setRateCard(assetId, _CARD);
    }

    function testTheCardStaysWithTheTokenAndOnlyItsNewOwnerChangesIt() public {
        vm.prank(alice);
        registry.setRateCard(1, _CARD);
        vm.prank(alice);
        registry.transferFrom(alice, bob, 1);
        assertEq(registry.rateCardOf(1), _CARD, "bought with its card");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryNotOwner.selector, 1, alice));
        registry.setRateCard(1, bytes32(0));
        vm.prank(bob);
        registry.setRateCard(1, _NEXT_CARD);
        assertEq(registry.rateCardOf(1), _NEXT_CARD, "changed by the new owner");
    }

    function testSetRateCardOfAnUnknownAssetShouldRevert() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, ASSETS + 1));
        registry.setRateCard(ASSETS + 1, _CARD);
    }

    /// @dev As `assetInfo` does: an unknown asset is an error, not "no card".
    function testFuzz_RateCardOfAnAssetThatDoesNotExistShouldRevert(uint256 assetId) public {
        vm.assume(assetId == 0 || assetId > ASSETS);
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownAsset.selector, assetId));
        registry.rateCardOf(assetId);
    }

    function testRateCardOfAssetZeroShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetRegistry.AssetRegistryUnknownAsset.selector, 0));
        registry.rateCardOf(0);
    }
}
