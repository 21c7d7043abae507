// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.claim`: anyone claims for an account, which is paid `cumulativeAmount - claimed` of
/// a leaf proven under the latest finalised root.
contract ClaimTest is BaseTest {
    /* FUZZED TREES */

    function testFuzz_ClaimPaysExactlyTheCumulativeAmount(uint256[LEAVES] memory amounts, uint256 leafSeed) public {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);

        uint256 accountBefore = DemoToken(token).balanceOf(account);
        uint256 poolBefore = DemoToken(token).balanceOf(address(distributor));
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Claimed(account, token, amount);
        // Anyone may claim for an account; the account is paid.
        vm.prank(address(0xCA11E4));
        uint256 paid = distributor.claim(account, token, amount, _proof(index));

        assertEq(paid, amount, "paid");
        assertEq(DemoToken(token).balanceOf(account) - accountBefore, amount, "account balance change");
        assertEq(poolBefore - DemoToken(token).balanceOf(address(distributor)), amount, "pool balance change");
        assertEq(distributor.claimed(account, token), amount, "claimed");
    }

    function testFuzz_ClaimOfATopUpPaysExactlyTheDifference(
        uint256 first,
        uint256 increase,
        uint256 leafSeed,
        bool claimFirstEpoch
    ) public {
        uint256 index = leafSeed % LEAVES;
        first = bound(first, 1, MAX_AMOUNT);
        increase = bound(increase, 1, MAX_AMOUNT);
        uint256[LEAVES] memory amounts;
        amounts[index] = first;
        _finaliseGrid(amounts);
        (address account, address token,) = _leaf(index);
        uint256 claimedBefore;
        if (claimFirstEpoch) {
            distributor.claim(account, token, first, _proof(index));
            claimedBefore = first;
        }

        amounts[index] = first + increase;
        _finaliseGrid(amounts);
        uint256 balanceBefore = DemoToken(token).balanceOf(account);
        uint256 paid = distributor.claim(account, token, first + increase, _proof(index));

        assertEq(paid, first + increase - claimedBefore, "paid");
        assertEq(DemoToken(token).balanceOf(account) - balanceBefore, paid, "balance change");
        assertEq(distributor.claimed(account, token), first + increase, "claimed");
        assertEq(DemoToken(token).balanceOf(account), first + increase, "lifetime payment");
    }

    function testFuzz_ClaimTwiceShouldRevert(uint256[LEAVES] memory amounts, uint256 leafSeed) public {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0);
        bytes32[] memory proof = _proof(index);
        distributor.claim(account, token, amount, proof);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNothingToClaim.selector, account, token, amount, amount
            )
        );
        distributor.claim(account, token, amount, proof);
    }

    function testFuzz_ClaimOfAZeroLeafShouldRevert(uint256[LEAVES] memory amounts, uint256 leafSeed) public {
        uint256 index = leafSeed % LEAVES;
        amounts = _boundAmounts(amounts);
        amounts[index] = 0;
        _finaliseGrid(amounts);
        (address account, address token,) = _leaf(index);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorNothingToClaim.selector, account, token, 0, 0)
        );
        distributor.claim(account, token, 0, _proof(index));
    }

    function testFuzz_ClaimWithTheProofOfAnotherAccountShouldRevert(
        uint256[LEAVES] memory amounts,
        uint256 leafSeed,
        address other
    ) public {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(other != account);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, other, token, amount)
        );
        distributor.claim(other, token, amount, _proof(index));
    }

    function testFuzz_ClaimWithTheProofOfAnotherAmountShouldRevert(
        uint256[LEAVES] memory amounts,
        uint256 leafSeed,
        uint256 other
    ) public {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(other != amount);

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, account, token, other)
        );
        distributor.claim(account, token, other, _proof(index));
    }

    function testFuzz_ClaimWithTheProofOfAnotherTokenShouldRevert(uint256[LEAVES] memory amounts, uint256 leafSeed)
        public
    {
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        address otherToken = token == tokens[0] ? tokens[1] : tokens[0];

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInvalidProof.selector, account, otherToken, amount
            )
        );
        distributor.claim(account, otherToken, amount, _proof(index));
    }

    /* THE CONCRETE SCENARIO */

    function testClaimBeforeAnyRootIsFinalisedShouldRevert() public {
        vm.expectRevert(IPayoutDistributor.PayoutDistributorNoRoot.selector);
        distributor.claim(alice, tokens[0], 1_000, new bytes32[](0));
        // A pending proposal is not a root either.
        _propose(_emptyProposal("pending"));
        vm.expectRevert(IPayoutDistributor.PayoutDistributorNoRoot.selector);
        distributor.claim(alice, tokens[0], 1_000, new bytes32[](0));
    }

    function testClaimPaysTheAccountWhoeverSubmitsItAndEmitsOnlyClaimed() public {
        _finaliseEpoch1();
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Claimed(alice, tokens[0], 1_000);
        vm.recordLogs();
        vm.prank(stranger);
        distributor.claim(alice, tokens[0], 1_000, _proofOf(alice, tokens[0], 1_000));
        assertEq(_countLogs(address(distributor), IPayoutDistributor.ClaimedTo.selector), 0, "no ClaimedTo event");

        assertEq(tokenA.balanceOf(alice), 1_000, "alice paid");
        assertEq(tokenA.balanceOf(stranger), 0, "the sender is not paid");
        assertEq(tokenA.balanceOf(address(distributor)), 1_700 - 1_000, "pool");
        assertEq(distributor.claimed(alice, tokens[0]), 1_000, "claimed token A");
        assertEq(distributor.claimed(alice, tokens[1]), 0, "claimed token B");
    }

    function testClaimWithAnotherLeafsProofOrAnEmptyProofShouldRevert() public {
        _finaliseEpoch1();
        bytes32[] memory bobsProof = _proofOf(bob, tokens[0], 500);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], 1_000)
        );
        distributor.claim(alice, tokens[0], 1_000, bobsProof);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], 1_000)
        );
        distributor.claim(alice, tokens[0], 1_000, new bytes32[](0));
    }

    function testClaimOfAnInnerNodePassedOffAsALeafShouldRevert() public {
        _finaliseEpoch1();
        // The four-leaf tree's root has inner nodes as children. Claiming with a sibling's hash as the "amount" and
        // the rest of the proof cannot work: leaves are double-hashed, so no ABI-encoded leaf equals an inner node.
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        bytes32[] memory rest = new bytes32[](1);
        rest[0] = proof[1];
        uint256 amount = uint256(proof[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], amount)
        );
        distributor.claim(alice, tokens[0], amount, rest);
        // Nor can the inner node itself be claimed: it is no leaf of any (account, token, amount).
        bytes32 inner = MerkleBuilder.hashPair(MerkleBuilder.leaf(alice, tokens[0], 1_000), proof[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], uint256(inner)
            )
        );
        distributor.claim(alice, tokens[0], uint256(inner), rest);
    }

    function testClaimWithDirtyUpperBitsInTheAccountShouldRevertWithoutData() public {
        _finaliseEpoch1();
        bytes memory data =
            abi.encodeCall(distributor.claim, (alice, tokens[0], 1_000, _proofOf(alice, tokens[0], 1_000)));
        bytes memory dirty = bytes.concat(data);
        // The account is the first word after the selector: dirty its top byte.
        dirty[4] = 0xff;
        // Raw calldata is the point: no typed call can carry dirty bits.
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory result) = address(distributor).call(dirty);
        assertFalse(success, "dirty calldata reverts");
        assertEq(result.length, 0, "in the ABI decoder, before any custom error");

        // solhint-disable-next-line avoid-low-level-calls
        (success,) = address(distributor).call(data);
        assertTrue(success, "the clean calldata is accepted");
        assertEq(tokenA.balanceOf(alice), 1_000, "alice paid");
    }

    function testClaimOfEpoch2PaysOnlyTheTopUpAndRejectsEpoch1sLeaf() public {
        _finaliseEpoch1();
        bytes32[] memory epoch1Proof = _proofOf(alice, tokens[0], 1_000);
        distributor.claim(alice, tokens[0], 1_000, epoch1Proof);
        _finaliseLeaves(_epoch2Leaves());

        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], 1_000)
        );
        distributor.claim(alice, tokens[0], 1_000, epoch1Proof);

        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Claimed(alice, tokens[0], 1_500);
        distributor.claim(alice, tokens[0], 2_500, _proofOf(alice, tokens[0], 2_500));
        assertEq(tokenA.balanceOf(alice), 2_500, "alice's lifetime payment");
        assertEq(distributor.claimed(alice, tokens[0]), 2_500, "claimed");

        // Leaves unchanged since epoch 1 and never claimed are paid in full; new accounts too.
        assertEq(distributor.claim(bob, tokens[0], 500, _proofOf(bob, tokens[0], 500)), 500, "bob paid");
        assertEq(distributor.claim(carol, tokens[0], 100, _proofOf(carol, tokens[0], 100)), 100, "carol paid");
    }

    function testClaimPaysAContractAccountItsLeaf() public {
        _finaliseEpoch1();
        distributor.claim(address(wallet), tokens[0], 200, _proofOf(address(wallet), tokens[0], 200));
        assertEq(tokenA.balanceOf(address(wallet)), 200, "wallet paid");
    }

    function testClaimOfEveryLeafPaysOutExactlyTheAllocatedTotals() public {
        _finaliseEpoch1();
        _claimAll();
        _finaliseLeaves(_epoch2Leaves());
        _claimAll();
        for (uint256 t; t < TOKENS; ++t) {
            (uint256 funded, uint256 allocated) = distributor.tokenTotals(tokens[t]);
            uint256 claimedSum;
            for (uint256 i; i < leaves.length; ++i) {
                if (leaves[i].token == tokens[t]) claimedSum += distributor.claimed(leaves[i].account, tokens[t]);
            }
            assertEq(claimedSum, allocated, "claimed == allocated");
            assertLe(allocated, funded, "allocated <= funded");
            assertEq(DemoToken(tokens[t]).balanceOf(address(distributor)), funded - claimedSum, "pool balance");
        }
    }

    /// @dev Claims every leaf of the latest tree that has something to claim.
    function _claimAll() private {
        for (uint256 i; i < leaves.length; ++i) {
            (address account, address token, uint256 amount) = _leaf(i);
            if (amount > distributor.claimed(account, token)) distributor.claim(account, token, amount, _proof(i));
        }
    }
}
