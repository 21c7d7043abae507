// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IForgeLinkRegistry} from "./interfaces/IForgeLinkRegistry.sol";

/// @title ForgeLinkRegistry
/// @notice Forge accounts linked to addresses by the addresses' signed statements, recorded by linkers (the forge
/// intake) and revocable by the address at any time. Storage keeps only which link is active; the statement and
/// its signature are in the `ForgeLinked` event, so anyone verifies a link from the chain alone.
/// @dev The statement's EIP-712 domain is this contract on its chain (name `CoherenceForgeLinkRegistry`, version 1),
/// with a per-address nonce. A statement without chain and contract (as the intake first verified links) could be
/// recorded on any chain and replayed after its address unlinked, since the signature stays public in a forge
/// comment; bound to this registry's nonce, a statement is recorded once, here, and an unlink is final until the
/// address signs anew.
contract ForgeLinkRegistry is IForgeLinkRegistry, AccessControlDefaultAdminRules, EIP712, Nonces {
    /* STORAGE */

    /// @inheritdoc IForgeLinkRegistry
    bytes32 public constant LINKER_ROLE = keccak256("LINKER_ROLE");

    bytes32 private constant _FORGE_LINK_TYPEHASH =
        keccak256("ForgeLink(string forge,string login,address account,uint256 nonce)");

    /// @dev One slot per active link: the address and the nonce its statement carried (which names the link in
    /// events, so an indexer ends the right one). Nonces grow by one per recorded link, so 96 bits never overflow.
    struct Link {
        address account;
        uint96 nonce;
    }

    mapping(bytes32 forgeHash => mapping(uint256 forgeAccountId => Link)) private _links;
    /// @dev The reverse of `_links`. An address is linked only if `_links` points back at it: a stale entry (of a
    /// link another one replaced) is never trusted alone.
    mapping(bytes32 forgeHash => mapping(address account => uint256 forgeAccountId)) private _forgeAccounts;

    /* CONSTRUCTOR */

    /// @param admin The initial admin (the governance timelock), who grants and revokes linkers.
    /// @param adminDelay The delay of a two-step admin transfer, in seconds.
    /// @param linkers The initial linkers.
    constructor(address admin, uint48 adminDelay, address[] memory linkers)
        AccessControlDefaultAdminRules(adminDelay, admin)
        EIP712("CoherenceForgeLinkRegistry", "1")
    {
        for (uint256 i; i < linkers.length; ++i) {
            _grantRole(LINKER_ROLE, linkers[i]);
        }
    }

    /* LINKER FUNCTIONS */

    /// @inheritdoc IForgeLinkRegistry
    function link(ForgeLink calldata statement, uint256 forgeAccountId, bytes calldata signature)
        external
        onlyRole(LINKER_ROLE)
    {
        if (bytes(statement.forge).length == 0 || bytes(statement.login).length == 0) {
            revert ForgeLinkRegistryEmptyName();
        }
        address account = statement.account;
        _useCheckedNonce(account, statement.nonce);
        if (!SignatureChecker.isValidSignatureNow(account, _hashForgeLink(statement), signature)) {
            revert ForgeLinkRegistryInvalidSignature(account, statement.nonce);
        }
        bytes32 forgeHash = keccak256(bytes(statement.forge));
        if (_links[forgeHash][forgeAccountId].account != address(0)) {
            _unlink(forgeHash, forgeAccountId, UnlinkCause.Replaced);
        }
        (bool linked, uint256 previous) = _forgeAccountOf(forgeHash, account);
        if (linked) _unlink(forgeHash, previous, UnlinkCause.Replaced);
        // Safe cast: see `Link`.
        _links[forgeHash][forgeAccountId] = Link(account, uint96(statement.nonce));
        _forgeAccounts[forgeHash][account] = forgeAccountId;
        emit ForgeLinked(forgeHash, forgeAccountId, account, statement, signature, msg.sender);
    }

    /// @inheritdoc IForgeLinkRegistry
    function unlinkForgeAccount(string calldata forge, uint256 forgeAccountId) external onlyRole(LINKER_ROLE) {
        bytes32 forgeHash = keccak256(bytes(forge));
        if (_links[forgeHash][forgeAccountId].account == address(0)) {
            revert ForgeLinkRegistryForgeAccountNotLinked(forgeHash, forgeAccountId);
        }
        _unlink(forgeHash, forgeAccountId, UnlinkCause.Linker);
    }

    /* EXTERNAL FUNCTIONS */

    /// @inheritdoc IForgeLinkRegistry
    function unlink(string calldata forge) external {
        bytes32 forgeHash = keccak256(bytes(forge));
        (bool linked, uint256 forgeAccountId) = _forgeAccountOf(forgeHash, msg.sender);
        if (!linked) revert ForgeLinkRegistryAccountNotLinked(forgeHash, msg.sender);
        _unlink(forgeHash, forgeAccountId, UnlinkCause.Account);
    }

    /* VIEWS */

    /// @inheritdoc IForgeLinkRegistry
    function linkOf(string calldata forge, uint256 forgeAccountId)
        external
        view
        returns (address account, uint256 nonce)
    {
        Link memory active = _links[keccak256(bytes(forge))][forgeAccountId];
        return (active.account, active.nonce);
    }

    /// @inheritdoc IForgeLinkRegistry
    function forgeAccountOf(string calldata forge, address account)
        external
        view
        returns (bool linked, uint256 forgeAccountId)
    {
        return _forgeAccountOf(keccak256(bytes(forge)), account);
    }

    /// @inheritdoc IForgeLinkRegistry
    function hashForgeLink(ForgeLink calldata statement) external view returns (bytes32) {
        return _hashForgeLink(statement);
    }

    /// @inheritdoc IForgeLinkRegistry
    function nonces(address account) public view override(IForgeLinkRegistry, Nonces) returns (uint256) {
        return super.nonces(account);
    }

    /* INTERNAL */

    /// @dev Ends the active link of `forgeAccountId`, which the caller checked exists.
    function _unlink(bytes32 forgeHash, uint256 forgeAccountId, UnlinkCause cause) private {
        Link memory active = _links[forgeHash][forgeAccountId];
        delete _links[forgeHash][forgeAccountId];
        delete _forgeAccounts[forgeHash][active.account];
        emit ForgeUnlinked(forgeHash, forgeAccountId, active.account, active.nonce, cause, msg.sender);
    }

    function _forgeAccountOf(bytes32 forgeHash, address account)
        private
        view
        returns (bool linked, uint256 forgeAccountId)
    {
        forgeAccountId = _forgeAccounts[forgeHash][account];
        linked = account != address(0) && _links[forgeHash][forgeAccountId].account == account;
    }

    function _hashForgeLink(ForgeLink calldata statement) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _FORGE_LINK_TYPEHASH,
                    keccak256(bytes(statement.forge)),
                    keccak256(bytes(statement.login)),
                    statement.account,
                    statement.nonce
                )
            )
        );
    }
}
