// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {DemoPriceFeed} from "../../dev/DemoPriceFeed.sol";
import {TestBase} from "../utils/TestBase.t.sol";

/// @notice The demo's USD price feed answers as Chainlink's `AggregatorV3Interface` does: rounds numbered from 1,
/// `updatedAt` the time of the answer, past rounds kept; only its owner posts, and only positive prices.
contract DemoPriceFeedTest is TestBase {
    uint256 private constant _START = 1_700_000_000;

    DemoPriceFeed private _feed;

    function setUp() public {
        vm.warp(_START);
        _feed = new DemoPriceFeed(8, "dETH / USD", 3_000e8);
    }

    function testTheFirstAnswerIsRoundOne() public view {
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            _feed.latestRoundData();
        assertEq(roundId, 1, "round");
        assertEq(uint256(answer), 3_000e8, "answer");
        assertEq(startedAt, _START, "startedAt");
        assertEq(updatedAt, _START, "updatedAt");
        assertEq(answeredInRound, 1, "answeredInRound");
        assertEq(_feed.decimals(), 8, "decimals");
        assertEq(_feed.description(), "dETH / USD", "description");
        assertEq(_feed.version(), 1, "version");
    }

    function testEachAnswerStartsARoundAndKeepsThePastOnes(uint256 seed) public {
        int256 answer = int256(bound(seed, 1, uint256(type(int256).max)));
        vm.warp(_START + 1 hours);
        vm.expectEmit(address(_feed));
        emit DemoPriceFeed.AnswerUpdated(answer, 2, _START + 1 hours);
        _feed.setAnswer(answer);
        (uint80 roundId, int256 latest,, uint256 updatedAt,) = _feed.latestRoundData();
        assertEq(roundId, 2, "round");
        assertEq(uint256(latest), uint256(answer), "answer");
        assertEq(updatedAt, _START + 1 hours, "updatedAt");
        (, int256 first,, uint256 firstAt,) = _feed.getRoundData(1);
        assertEq(uint256(first), 3_000e8, "round 1 kept");
        assertEq(firstAt, _START, "round 1's time kept");
    }

    function testRevertsOnARoundNeverPosted() public {
        vm.expectRevert(abi.encodeWithSelector(DemoPriceFeed.DemoPriceFeedNoRound.selector, uint80(2)));
        _feed.getRoundData(2);
        vm.expectRevert(abi.encodeWithSelector(DemoPriceFeed.DemoPriceFeedNoRound.selector, uint80(0)));
        _feed.getRoundData(0);
    }

    function testRevertsOnAPriceOfZeroOrLess(uint256 seed) public {
        int256 answer = -int256(bound(seed, 0, uint256(type(int256).max)));
        vm.expectRevert(abi.encodeWithSelector(DemoPriceFeed.DemoPriceFeedNonPositive.selector, answer));
        _feed.setAnswer(answer);
    }

    function testRevertsForAnyoneButItsOwner(address caller) public {
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        _feed.setAnswer(1);
    }
}
