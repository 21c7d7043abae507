// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IForgeLinkRegistry
/// @notice Public, revocable links between forge accounts (a GitHub or GitLab account, by the forge's stable numeric
/// id) and addresses. An address signs an EIP-712 `ForgeLink(forge, login, account, nonce)` statement; the forge
/// account posts it (`/ccn link <address> <signature>`); a linker (the forge intake, which saw the account post it)
/// records it here, and the registry records it only if the signature is the address's (an EOA's or an ERC-1271
/// wallet's). Anyone can check a link from its `ForgeLinked` event alone. At most one link is active per forge
/// account and per address on each forge; the address unlinks itself at any time, a linker on the account's
/// `/ccn unlink`.
interface IForgeLinkRegistry {
    /* TYPES */

    /// @notice What an address signs (EIP-712) to link itself to a forge account.
    /// @param forge The forge's host, e.g. `github.com`.
    /// @param login The forge account's login when it posted the statement.
    /// @param account The address linked.
    /// @param nonce `nonces(account)`: a statement is recorded once, and never again after an unlink.
    struct ForgeLink {
        string forge;
        string login;
        address account;
        uint256 nonce;
    }

    /// @notice Why a link ended.
    /// @param Account The linked address unlinked itself.
    /// @param Linker A linker unlinked it, on the forge account's request.
    /// @param Replaced A newer link of the same forge account or of the same address took its place.
    enum UnlinkCause {
        Account,
        Linker,
        Replaced
    }

    /* EVENTS */

    /// @notice `account` was linked to the forge account `forgeAccountId` by `linker`, with the account's `signature`
    /// over `statement`: everything needed to verify it again (`forgeHash` is `keccak256(bytes(statement.forge))`).
    event ForgeLinked(
        bytes32 indexed forgeHash,
        uint256 indexed forgeAccountId,
        address indexed account,
        ForgeLink statement,
        bytes signature,
        address linker
    );

    /// @notice The link recorded with `nonce` between `account` and the forge account `forgeAccountId` ended.
    event ForgeUnlinked(
        bytes32 indexed forgeHash,
        uint256 indexed forgeAccountId,
        address indexed account,
        uint256 nonce,
        UnlinkCause cause,
        address by
    );

    /* ERRORS */

    /// @notice The forge or the login is empty.
    error ForgeLinkRegistryEmptyName();

    /// @notice `signature` is not `account`'s over the link statement with `nonce`.
    error ForgeLinkRegistryInvalidSignature(address account, uint256 nonce);

    /// @notice `account` has no active link on the forge `forgeHash`.
    error ForgeLinkRegistryAccountNotLinked(bytes32 forgeHash, address account);

    /// @notice The forge account `forgeAccountId` has no active link on the forge `forgeHash`.
    error ForgeLinkRegistryForgeAccountNotLinked(bytes32 forgeHash, uint256 forgeAccountId);

    /* LINKER FUNCTIONS */

    /// @notice Records the link of `statement.account` to the forge account `forgeAccountId`, known as
    /// `statement.login` on `statement.forge`.
    /// Replaces the forge account's earlier link and the address's earlier link on that forge, if any: both sides
    /// agreed to the new one. Only a linker: it vouches that `forgeAccountId` is the account that posted the
    /// statement; the signature is the address's consent, checked here.
    /// @param statement The statement the address signed.
    /// @param forgeAccountId The forge's stable numeric id of the account (a login can be renamed).
    /// @param signature `statement.account`'s EIP-712 signature over `statement`.
    function link(ForgeLink calldata statement, uint256 forgeAccountId, bytes calldata signature) external;

    /// @notice Ends the active link of the forge account `forgeAccountId` on `forge`. Only a linker, when the forge
    /// account asked (`/ccn unlink`).
    function unlinkForgeAccount(string calldata forge, uint256 forgeAccountId) external;

    /* EXTERNAL FUNCTIONS */

    /// @notice Ends the caller's active link on `forge`: an address needs nobody to unlink itself.
    function unlink(string calldata forge) external;

    /* VIEWS */

    /// @notice The role of the accounts that record links (the forge intake); granted and revoked by governance.
    // solhint-disable-next-line func-name-mixedcase
    function LINKER_ROLE() external view returns (bytes32);

    /// @notice The address the forge account `forgeAccountId` is linked to on `forge` (`address(0)` if none) and the
    /// nonce of the statement that linked it, which names the link (a relayer checks its own link is the active one).
    function linkOf(string calldata forge, uint256 forgeAccountId)
        external
        view
        returns (address account, uint256 nonce);

    /// @notice The forge account `account` is linked to on `forge`, and whether it is linked at all.
    function forgeAccountOf(string calldata forge, address account)
        external
        view
        returns (bool linked, uint256 forgeAccountId);

    /// @notice The EIP-712 digest `statement.account` signs to make `statement`.
    function hashForgeLink(ForgeLink calldata statement) external view returns (bytes32);

    /// @notice The nonce `account`'s next link statement must carry.
    function nonces(address account) external view returns (uint256);
}
