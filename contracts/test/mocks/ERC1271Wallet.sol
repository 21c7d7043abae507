// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ERC1271Wallet
/// @notice A minimal smart-contract wallet for tests: a signature is valid when its owner EOA signed the digest.
contract ERC1271Wallet is IERC1271 {
    /// @notice The EOA whose signatures this wallet accepts.
    address public immutable OWNER;

    /// @param owner The EOA whose signatures this wallet accepts.
    constructor(address owner) {
        OWNER = owner;
    }

    /// @notice ERC-1271: the magic value when `owner` signed `hash`, otherwise `0xffffffff`.
    /// @param hash The digest that was signed.
    /// @param signature The owner's 65-byte (or 64-byte compact) ECDSA signature.
    /// @return magicValue `IERC1271.isValidSignature.selector` or `0xffffffff`.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (err == ECDSA.RecoverError.NoError && signer == OWNER) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
