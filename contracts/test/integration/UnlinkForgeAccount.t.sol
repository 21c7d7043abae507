// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IForgeLinkRegistry} from "../../interfaces/IForgeLinkRegistry.sol";
import {ForgeLinkBaseTest} from "../ForgeLinkBaseTest.t.sol";

/// @notice `ForgeLinkRegistry.unlinkForgeAccount`: a linker ends a forge account's link when that account asks
/// (`/ccn unlink`); nobody else can, and there must be a link to end.
contract UnlinkForgeAccountTest is ForgeLinkBaseTest {
    function testALinkerUnlinksAForgeAccount() public {
        uint256 nonce = _link(ACCOUNT_KEY, "octocat", OCTOCAT);
        vm.expectEmit(address(links));
        emit IForgeLinkRegistry.ForgeUnlinked(
            keccak256(bytes(GITHUB)), OCTOCAT, alice, nonce, IForgeLinkRegistry.UnlinkCause.Linker, linker
        );
        vm.prank(linker);
        links.unlinkForgeAccount(GITHUB, OCTOCAT);

        assertEq(_accountOf(GITHUB, OCTOCAT), address(0), "the forge account is free");
        _assertNotLinked(GITHUB, alice, "alice");
    }

    function testFuzz_UnlinkForgeAccountBySomeoneWithoutTheLinkerRoleShouldRevert(address caller) public {
        vm.assume(caller != linker);
        _link(ACCOUNT_KEY, "octocat", OCTOCAT);
        bytes32 role = links.LINKER_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, role);
        links.unlinkForgeAccount(GITHUB, OCTOCAT);
    }

    function testUnlinkForgeAccountWithoutALinkShouldRevert() public {
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IForgeLinkRegistry.ForgeLinkRegistryForgeAccountNotLinked.selector, keccak256(bytes(GITHUB)), OCTOCAT
            )
        );
        links.unlinkForgeAccount(GITHUB, OCTOCAT);
    }
}
