// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IForgeLinkRegistry} from "../../interfaces/IForgeLinkRegistry.sol";
import {ForgeLinkBaseTest} from "../ForgeLinkBaseTest.t.sol";

/// @notice `ForgeLinkRegistry.unlink`: a linked address ends its own link at any time, needing no linker; an address
/// without a link has nothing to end.
contract UnlinkTest is ForgeLinkBaseTest {
    function testFuzz_TheAddressUnlinksItselfWithoutTheLinker(uint256 forgeAccountId) public {
        uint256 nonce = _link(ACCOUNT_KEY, "octocat", forgeAccountId);
        vm.expectEmit(address(links));
        emit IForgeLinkRegistry.ForgeUnlinked(
            keccak256(bytes(GITHUB)), forgeAccountId, alice, nonce, IForgeLinkRegistry.UnlinkCause.Account, alice
        );
        vm.prank(alice);
        links.unlink(GITHUB);

        _assertNotLinked(GITHUB, alice, "unlinked");
        assertEq(_accountOf(GITHUB, forgeAccountId), address(0), "the forge account is free");
    }

    function testUnlinkWithoutALinkShouldRevert() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IForgeLinkRegistry.ForgeLinkRegistryAccountNotLinked.selector, keccak256(bytes(GITHUB)), alice
            )
        );
        links.unlink(GITHUB);
    }

    function testUnlinkOnOneForgeLeavesTheOtherLinked() public {
        _link(ACCOUNT_KEY, "octocat", OCTOCAT);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITLAB, "octocat", alice);
        vm.prank(linker);
        links.link(statement, OCTOCAT, _sign(ACCOUNT_KEY, statement));

        vm.prank(alice);
        links.unlink(GITLAB);
        _assertLinked(GITHUB, OCTOCAT, alice, "still on GitHub");
        _assertNotLinked(GITLAB, alice, "not on GitLab");
    }

    function testTheZeroAddressIsNeverLinked() public {
        // An unlinked forge account's entry reads as the zero address, which must not count as that address's link.
        vm.prank(address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IForgeLinkRegistry.ForgeLinkRegistryAccountNotLinked.selector, keccak256(bytes(GITHUB)), address(0)
            )
        );
        links.unlink(GITHUB);
    }
}
