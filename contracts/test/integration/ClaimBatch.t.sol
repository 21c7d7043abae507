// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.claimBatch`: several tokens of one account in one transaction, all or nothing.
contract ClaimBatchTest is BaseTest {
    function testFuzz_ClaimBatchPaysEveryTokenOfTheAccount(uint256[LEAVES] memory amounts, uint256 accountSeed)
        public
    {
        amounts = _boundAmounts(amounts);
        uint256 accountIndex = accountSeed % ACCOUNTS;
        // Both of the account's leaves must have something to claim, or the batch reverts.
        ++amounts[2 * accountIndex];
        ++amounts[2 * accountIndex + 1];
        _finaliseGrid(amounts);

        address account = accounts[accountIndex];
        (address[] memory list, uint256[] memory cumulativeAmounts, bytes32[][] memory proofs) =
            _batchOf(2 * accountIndex, 2 * accountIndex + 1);
        for (uint256 t; t < TOKENS; ++t) {
            vm.expectEmit(address(distributor));
            emit IPayoutDistributor.Claimed(account, list[t], cumulativeAmounts[t]);
        }
        vm.prank(stranger);
        distributor.claimBatch(account, list, cumulativeAmounts, proofs);

        for (uint256 t; t < TOKENS; ++t) {
            assertEq(DemoToken(list[t]).balanceOf(account), cumulativeAmounts[t], "balance");
            assertEq(distributor.claimed(account, list[t]), cumulativeAmounts[t], "claimed");
        }
    }

    function testClaimBatchWithArraysOfDifferentLengthsShouldRevert() public {
        _finaliseEpoch1();
        (address[] memory list, uint256[] memory amounts, bytes32[][] memory proofs) = _alicesBatch();
        uint256[] memory oneAmount = new uint256[](1);
        oneAmount[0] = amounts[0];
        vm.expectRevert(IPayoutDistributor.PayoutDistributorLengthMismatch.selector);
        distributor.claimBatch(alice, list, oneAmount, proofs);

        bytes32[][] memory oneProof = new bytes32[][](1);
        oneProof[0] = proofs[0];
        vm.expectRevert(IPayoutDistributor.PayoutDistributorLengthMismatch.selector);
        distributor.claimBatch(alice, list, amounts, oneProof);
    }

    function testClaimBatchWithOneFailingClaimShouldRevertAsAWhole() public {
        _finaliseEpoch1();
        (address[] memory list, uint256[] memory amounts, bytes32[][] memory proofs) = _alicesBatch();
        distributor.claim(alice, list[1], amounts[1], proofs[1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNothingToClaim.selector, alice, list[1], 300, 300
            )
        );
        distributor.claimBatch(alice, list, amounts, proofs);
        assertEq(distributor.claimed(alice, list[0]), 0, "token A not claimed");
    }

    function testClaimBatchThatIsEmptyDoesNothing() public {
        _finaliseEpoch1();
        vm.recordLogs();
        distributor.claimBatch(alice, new address[](0), new uint256[](0), new bytes32[][](0));
        assertEq(_countLogs(address(distributor), IPayoutDistributor.Claimed.selector), 0, "no Claimed event");
    }

    function testClaimBatchWithDirtyUpperBitsInATokenShouldRevertWithoutData() public {
        _finaliseEpoch1();
        (address[] memory list, uint256[] memory amounts, bytes32[][] memory proofs) = _alicesBatch();
        bytes memory data = abi.encodeCall(distributor.claimBatch, (alice, list, amounts, proofs));
        bytes memory dirty = bytes.concat(data);
        // Head word 1 points at tokens[]; its first element follows the length word. Dirty its top byte.
        uint256 tokensOffset = uint256(_word(data, 4 + 32));
        dirty[4 + tokensOffset + 32] = 0xff;
        // Raw calldata is the point: no typed call can carry dirty bits.
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory result) = address(distributor).call(dirty);
        assertFalse(success, "dirty calldata reverts");
        assertEq(result.length, 0, "in the ABI decoder, before any custom error");

        // solhint-disable-next-line avoid-low-level-calls
        (success,) = address(distributor).call(data);
        assertTrue(success, "the clean calldata is accepted");
        assertEq(tokenB.balanceOf(alice), 300, "alice paid token B");
    }

    /* HELPERS */

    /// @dev Alice's two leaves of epoch 1: A 1,000 and B 300.
    function _alicesBatch() private view returns (address[] memory, uint256[] memory, bytes32[][] memory) {
        return _batchOf(_indexOf(alice, tokens[0], 1_000), _indexOf(alice, tokens[1], 300));
    }

    function _batchOf(uint256 first, uint256 second)
        private
        view
        returns (address[] memory list, uint256[] memory amounts, bytes32[][] memory proofs)
    {
        list = new address[](2);
        amounts = new uint256[](2);
        proofs = new bytes32[][](2);
        (, list[0], amounts[0]) = _leaf(first);
        (, list[1], amounts[1]) = _leaf(second);
        (proofs[0], proofs[1]) = (_proof(first), _proof(second));
    }

    function _word(bytes memory data, uint256 offset) private pure returns (bytes32 word) {
        assembly ("memory-safe") {
            word := mload(add(add(data, 0x20), offset))
        }
    }
}
