// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The address every Solidity-test runner (Foundry's and Hardhat's EDR) serves cheatcodes at.
address constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));

/// @title Vm
/// @notice The cheatcodes our Solidity tests use, declared locally instead of depending on forge-std.
/// Signatures are Foundry's, which Hardhat's test runner implements.
// The name every Solidity test suite knows, rather than our interfaces' `I` prefix.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    /// @notice A log recorded by `recordLogs`.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Reads storage slot `slot` of `target`.
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    /// @notice Writes storage slot `slot` of `target`.
    function store(address target, bytes32 slot, bytes32 value) external;

    /// @notice Sets `msg.sender` for the next call only.
    function prank(address msgSender) external;

    /// @notice Sets `msg.sender` for every call until `stopPrank`.
    function startPrank(address msgSender) external;

    /// @notice Ends a `startPrank`.
    function stopPrank() external;

    /// @notice Expects the next call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Expects the next call to revert with an error whose selector is `revertData`.
    function expectRevert(bytes4 revertData) external;

    /// @notice Expects the next call to revert, with any data.
    function expectRevert() external;

    /// @notice Expects the next call to emit the event emitted next by the test, checking every topic and the data.
    function expectEmit() external;

    /// @notice `expectEmit()`, and the event must come from `emitter`.
    function expectEmit(address emitter) external;

    /// @notice Starts recording every log emitted from now on.
    function recordLogs() external;

    /// @notice The logs recorded since `recordLogs` (or the last call to this), which it clears.
    function getRecordedLogs() external returns (Log[] memory logs);

    /// @notice Sets `block.chainid`.
    function chainId(uint256 newChainId) external;

    /// @notice Signs `digest` with `privateKey` (secp256k1).
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice The address of `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Discards the current fuzz input unless `condition` holds.
    function assume(bool condition) external pure;

    /// @notice Marks the test as skipped, with the reason, when `skipTest`; must be the test's first statement.
    function skip(bool skipTest, string calldata reason) external;

    /// @notice Names an address in traces.
    function label(address account, string calldata newLabel) external;
}
