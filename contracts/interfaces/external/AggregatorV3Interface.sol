// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title AggregatorV3Interface
/// @notice Chainlink's price feed interface, as its feeds on Arbitrum implement it. The web app reads token prices in
/// USD through it; the local demo deploys a `DemoPriceFeed` that implements it too.
// Chainlink's own name, by which integrators know it.
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice How many decimals `answer` has (8 for Chainlink's USD feeds).
    function decimals() external view returns (uint8);

    /// @notice What the feed prices, such as "ETH / USD".
    function description() external view returns (string memory);

    /// @notice The feed's version.
    function version() external view returns (uint256);

    /// @notice The answer of round `roundId`.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest answer; `updatedAt` says how fresh it is.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
