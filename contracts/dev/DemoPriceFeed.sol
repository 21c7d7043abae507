// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {AggregatorV3Interface} from "../interfaces/external/AggregatorV3Interface.sol";

/// @title DemoPriceFeed
/// @notice A USD price feed for a demo token on local networks, read through Chainlink's `AggregatorV3Interface` as
/// the web app reads Chainlink's feeds on Arbitrum. Its owner posts answers; each starts a round. It prices for
/// display only: no contract of the protocol reads it. Never deployed to a public chain.
contract DemoPriceFeed is AggregatorV3Interface, Ownable {
    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    /// @notice A round that was never posted was asked for.
    error DemoPriceFeedNoRound(uint80 roundId);

    /// @notice A price of zero or less was posted.
    error DemoPriceFeedNonPositive(int256 answer);

    /// @notice A new answer was posted.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    uint8 private immutable _DECIMALS;
    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param decimals_ The answer's decimals.
    /// @param description_ What it prices, such as "dETH / USD".
    /// @param answer The first answer, in `decimals_` decimals.
    constructor(uint8 decimals_, string memory description_, int256 answer) Ownable(msg.sender) {
        _DECIMALS = decimals_;
        _description = description_;
        _post(answer);
    }

    /// @notice Posts a new answer, starting a round.
    /// @param answer The price in USD, in `decimals()` decimals.
    function setAnswer(int256 answer) external onlyOwner {
        _post(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _DECIMALS;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (roundId == 0 || roundId > _latestRound) revert DemoPriceFeedNoRound(roundId);
        return _round(roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return _round(_latestRound);
    }

    function _post(int256 answer) private {
        if (answer <= 0) revert DemoPriceFeedNonPositive(answer);
        uint80 roundId = ++_latestRound;
        _rounds[roundId] = Round({answer: answer, updatedAt: uint64(block.timestamp)});
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    function _round(uint80 roundId) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round storage round = _rounds[roundId];
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }
}
