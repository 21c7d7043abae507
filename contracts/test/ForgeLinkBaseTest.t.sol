// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ForgeLinkRegistry} from "../ForgeLinkRegistry.sol";
import {IForgeLinkRegistry} from "../interfaces/IForgeLinkRegistry.sol";
import {BaseTest} from "./BaseTest.t.sol";
import {Signing} from "./utils/Signing.t.sol";

/// @title ForgeLinkBaseTest
/// @notice The forge link registry beside the protocol of `BaseTest`, with the intake's key as its linker, and
/// link statements signed from known keys over a digest computed here, not by the registry (so a wrong domain or
/// type string fails).
abstract contract ForgeLinkBaseTest is BaseTest {
    string internal constant GITHUB = "github.com";
    string internal constant GITLAB = "gitlab.com";
    uint256 internal constant LINKER_KEY = 0x11E4;
    /// @dev GitHub's numeric ids of the forge accounts in these tests.
    uint256 internal constant OCTOCAT = 583231;
    uint256 internal constant HUBOT = 480938;

    bytes32 internal constant FORGE_LINK_TYPEHASH =
        keccak256("ForgeLink(string forge,string login,address account,uint256 nonce)");

    ForgeLinkRegistry internal links;
    address internal linker;

    function setUp() public virtual override {
        super.setUp();
        linker = vm.addr(LINKER_KEY);
        address[] memory linkers = new address[](1);
        linkers[0] = linker;
        links = new ForgeLinkRegistry(ADMIN, ADMIN_DELAY, linkers);
        vm.label(linker, "linker");
    }

    /// @dev The statement `account` signs with its current nonce.
    function _statement(string memory forge, string memory login, address account)
        internal
        view
        returns (IForgeLinkRegistry.ForgeLink memory)
    {
        return IForgeLinkRegistry.ForgeLink(forge, login, account, links.nonces(account));
    }

    function _digest(IForgeLinkRegistry.ForgeLink memory statement) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                FORGE_LINK_TYPEHASH,
                keccak256(bytes(statement.forge)),
                keccak256(bytes(statement.login)),
                statement.account,
                statement.nonce
            )
        );
        bytes32 domain = Signing.domainSeparator("CoherenceForgeLinkRegistry", address(links));
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _sign(uint256 key, IForgeLinkRegistry.ForgeLink memory statement) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(statement));
        return abi.encodePacked(r, s, v);
    }

    /// @dev Links `account` (whose key is `key`) to `forgeAccountId` on GitHub as the linker, and returns the nonce.
    function _link(uint256 key, string memory login, uint256 forgeAccountId) internal returns (uint256 nonce) {
        IForgeLinkRegistry.ForgeLink memory statement = _statement(GITHUB, login, vm.addr(key));
        vm.prank(linker);
        links.link(statement, forgeAccountId, _sign(key, statement));
        return statement.nonce;
    }

    function _assertLinked(string memory forge, uint256 forgeAccountId, address account, string memory what)
        internal
        view
    {
        assertEq(_accountOf(forge, forgeAccountId), account, string.concat(what, ": the forge account's address"));
        (bool linked, uint256 id) = links.forgeAccountOf(forge, account);
        assertTrue(linked, string.concat(what, ": the address is linked"));
        assertEq(id, forgeAccountId, string.concat(what, ": the address's forge account"));
    }

    function _accountOf(string memory forge, uint256 forgeAccountId) internal view returns (address account) {
        (account,) = links.linkOf(forge, forgeAccountId);
    }

    function _assertNotLinked(string memory forge, address account, string memory what) internal view {
        (bool linked,) = links.forgeAccountOf(forge, account);
        assertFalse(linked, string.concat(what, ": the address is not linked"));
    }
}
