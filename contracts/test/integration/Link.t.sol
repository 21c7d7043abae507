// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ForgeLinkRegistry} from "../../ForgeLinkRegistry.sol";
import {IForgeLinkRegistry} from "../../interfaces/IForgeLinkRegistry.sol";
import {ForgeLinkBaseTest} from "../ForgeLinkBaseTest.t.sol";

/// @notice `ForgeLinkRegistry.link`: a linker records a forge account's link to an address only with the address's
/// EIP-712 signature (an EOA's or an ERC-1271 wallet's) over this registry's statement with its current nonce; one
/// link per forge account and per address on a forge, a newer one replacing an older one.
contract LinkTest is ForgeLinkBaseTest {
    uint256 private constant ALICE_KEY = ACCOUNT_KEY;
    uint256 private constant BOB_KEY = ACCOUNT_KEY + 1;

    function testFuzz_LinkRecordsTheStatementAndEmitsEverythingToVerifyIt(string memory login, uint256 forgeAccountId)
        public
    {
        vm.assume(bytes(login).length > 0);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, login, alice);
        bytes memory signature = _sign(ALICE_KEY, statement);
        vm.expectEmit(address(links));
        emit IForgeLinkRegistry.ForgeLinked(
            keccak256(bytes(GITHUB)), forgeAccountId, alice, statement, signature, linker
        );
        vm.prank(linker);
        links.link(statement, forgeAccountId, signature);

        _assertLinked(GITHUB, forgeAccountId, alice, "linked");
        (, uint256 nonce) = links.linkOf(GITHUB, forgeAccountId);
        assertEq(nonce, statement.nonce, "the active link is named by its statement's nonce");
        assertEq(links.nonces(alice), 1, "the statement's nonce is spent");
        assertEq(links.hashForgeLink(statement), _digest(statement), "the registry's digest is the EIP-712 one");
    }

    function testFuzz_LinkWithSomeoneElsesSignatureShouldRevert(uint256 key) public {
        key = bound(key, 1, SECP256K1_N - 1);
        vm.assume(vm.addr(key) != alice);
        // The intake's own check is not trusted: the registry refuses a statement alice did not sign.
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", alice);
        bytes memory signature = _sign(key, statement);
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(IForgeLinkRegistry.ForgeLinkRegistryInvalidSignature.selector, alice, 0)
        );
        links.link(statement, OCTOCAT, signature);
    }

    function testLinkOfAStatementSignedForAnotherRegistryShouldRevert() public {
        // The same statement signed for a registry on another chain (or a test deployment) is not this one's.
        ForgeLinkRegistry other = new ForgeLinkRegistry(ADMIN, ADMIN_DELAY, new address[](0));
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", alice);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ALICE_KEY, other.hashForgeLink(statement));
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(IForgeLinkRegistry.ForgeLinkRegistryInvalidSignature.selector, alice, 0)
        );
        links.link(statement, OCTOCAT, abi.encodePacked(r, s, v));
    }

    function testLinkOfAStatementAboutAnotherLoginShouldRevert() public {
        IForgeLinkRegistry.ForgeLink memory signed = _statement(GITHUB, "octocat", alice);
        bytes memory signature = _sign(ALICE_KEY, signed);
        IForgeLinkRegistry.ForgeLink memory posted = _statement(GITHUB, "hubot", alice);
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(IForgeLinkRegistry.ForgeLinkRegistryInvalidSignature.selector, alice, 0)
        );
        links.link(posted, HUBOT, signature);
    }

    function testLinkWithAnErc1271WalletsSignatureShouldSucceed() public {
        // The wallet accepts its owner's (bob's) signatures; an EOA signature of the wallet's address cannot exist.
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", address(wallet));
        vm.prank(linker);
        links.link(statement, OCTOCAT, _sign(BOB_KEY, statement));
        _assertLinked(GITHUB, OCTOCAT, address(wallet), "the wallet");

        IForgeLinkRegistry.ForgeLink memory next = _statement(GITHUB, "hubot", address(wallet));
        bytes memory signature = _sign(ALICE_KEY, next);
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(IForgeLinkRegistry.ForgeLinkRegistryInvalidSignature.selector, address(wallet), 1)
        );
        links.link(next, HUBOT, signature);
    }

    function testReplayingAStatementShouldRevertEvenAfterAnUnlink() public {
        // The signature stays public in the forge comment: once used, and after alice unlinked, it must be void.
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", alice);
        bytes memory signature = _sign(ALICE_KEY, statement);
        vm.prank(linker);
        links.link(statement, OCTOCAT, signature);
        vm.prank(alice);
        links.unlink(GITHUB);

        vm.prank(linker);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, alice, 1));
        links.link(statement, OCTOCAT, signature);
        _assertNotLinked(GITHUB, alice, "after the replay");
        // A new statement, with the next nonce, links her again.
        _link(ALICE_KEY, "octocat", OCTOCAT);
        _assertLinked(GITHUB, OCTOCAT, alice, "linked anew");
    }

    function testFuzz_LinkBySomeoneWithoutTheLinkerRoleShouldRevert(address caller) public {
        vm.assume(caller != linker);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", alice);
        bytes memory signature = _sign(ALICE_KEY, statement);
        bytes32 role = links.LINKER_ROLE();
        vm.prank(caller);
        _expectUnauthorized(caller, role);
        links.link(statement, OCTOCAT, signature);
    }

    function testLinkWithAnEmptyForgeOrLoginShouldRevert() public {
        IForgeLinkRegistry.ForgeLink memory noLogin = _statement(GITHUB, "", alice);
        bytes memory signature = _sign(ALICE_KEY, noLogin);
        vm.prank(linker);
        vm.expectRevert(IForgeLinkRegistry.ForgeLinkRegistryEmptyName.selector);
        links.link(noLogin, OCTOCAT, signature);

        IForgeLinkRegistry.ForgeLink memory noForge = _statement("", "octocat", alice);
        signature = _sign(ALICE_KEY, noForge);
        vm.prank(linker);
        vm.expectRevert(IForgeLinkRegistry.ForgeLinkRegistryEmptyName.selector);
        links.link(noForge, OCTOCAT, signature);
    }

    function testANewLinkOfTheForgeAccountReplacesItsOldAddress() public {
        uint256 aliceNonce = _link(ALICE_KEY, "octocat", OCTOCAT);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", bob);
        bytes memory signature = _sign(BOB_KEY, statement);
        vm.expectEmit(address(links));
        emit IForgeLinkRegistry.ForgeUnlinked(
            keccak256(bytes(GITHUB)), OCTOCAT, alice, aliceNonce, IForgeLinkRegistry.UnlinkCause.Replaced, linker
        );
        vm.prank(linker);
        links.link(statement, OCTOCAT, signature);

        _assertLinked(GITHUB, OCTOCAT, bob, "bob");
        _assertNotLinked(GITHUB, alice, "alice");
        // Alice's stale reverse entry is not a link: she has nothing to unlink.
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IForgeLinkRegistry.ForgeLinkRegistryAccountNotLinked.selector, keccak256(bytes(GITHUB)), alice
            )
        );
        links.unlink(GITHUB);
    }

    function testANewLinkOfTheAddressReplacesItsOldForgeAccount() public {
        uint256 first = _link(ALICE_KEY, "octocat", OCTOCAT);
        vm.expectEmit(address(links));
        emit IForgeLinkRegistry.ForgeUnlinked(
            keccak256(bytes(GITHUB)), OCTOCAT, alice, first, IForgeLinkRegistry.UnlinkCause.Replaced, linker
        );
        _link(ALICE_KEY, "hubot", HUBOT);

        _assertLinked(GITHUB, HUBOT, alice, "the new forge account");
        assertEq(_accountOf(GITHUB, OCTOCAT), address(0), "the old forge account is unlinked");
    }

    function testLinksOnDifferentForgesAreIndependent() public {
        _link(ALICE_KEY, "octocat", OCTOCAT);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITLAB, "octocat", alice);
        vm.prank(linker);
        links.link(statement, OCTOCAT, _sign(ALICE_KEY, statement));

        _assertLinked(GITHUB, OCTOCAT, alice, "on GitHub");
        _assertLinked(GITLAB, OCTOCAT, alice, "on GitLab");
    }

    function testOnlyGovernanceGrantsAndRevokesTheLinkerRole() public {
        bytes32 role = links.LINKER_ROLE();
        bytes32 admin = links.DEFAULT_ADMIN_ROLE();
        vm.prank(linker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, linker, admin)
        );
        links.grantRole(role, stranger);

        vm.prank(ADMIN);
        links.grantRole(role, stranger);
        assertTrue(links.hasRole(role, stranger), "granted by governance");
        vm.prank(ADMIN);
        links.revokeRole(role, linker);
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, "octocat", alice);
        bytes memory signature = _sign(ALICE_KEY, statement);
        vm.prank(linker);
        _expectUnauthorized(linker, role);
        links.link(statement, OCTOCAT, signature);
    }
}
