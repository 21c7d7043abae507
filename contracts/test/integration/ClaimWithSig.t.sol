// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.claimWithSig`: a relayer claims for an account and pays the recipient the account
/// signed for (EOA or ERC-1271), once per nonce, before the deadline. (Signatures made by ethers from the shared
/// typed data are checked by the mocha cross-check.)
contract ClaimWithSigTest is BaseTest {
    function testFuzz_ClaimWithSigPaysTheRecipientOnce(
        uint256[LEAVES] memory amounts,
        uint256 leafSeed,
        address recipient,
        uint256 validFor
    ) public {
        vm.assume(recipient != address(0) && recipient != address(distributor));
        _finaliseGrid(_boundAmounts(amounts));
        uint256 index = leafSeed % LEAVES;
        (address account, address token, uint256 amount) = _leaf(index);
        vm.assume(amount != 0 && recipient != account);
        uint256 deadline = block.timestamp + bound(validFor, 0, 365 days);
        bytes memory signature = _signClaim(index / TOKENS, token, amount, recipient, 0, deadline);
        uint256 recipientBefore = DemoToken(token).balanceOf(recipient);

        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ClaimedTo(account, token, recipient, amount);
        assertEq(_claimWithSig(index, recipient, deadline, signature), amount, "paid");
        assertEq(DemoToken(token).balanceOf(recipient) - recipientBefore, amount, "recipient balance change");
        assertEq(DemoToken(token).balanceOf(account), 0, "account balance");
        assertEq(distributor.nonces(account), 1, "nonce");
        assertEq(distributor.claimed(account, token), amount, "claimed");
        // The nonce is spent, so the same signature no longer matches the digest.
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, account)
        );
        _claimWithSig(index, recipient, deadline, signature);
    }

    function testClaimWithSigToTheAccountItselfEmitsOnlyClaimedTo() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, alice, 0, deadline);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ClaimedTo(alice, tokens[0], alice, 1_000);
        vm.recordLogs();
        vm.prank(RELAYER);
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, alice, deadline, signature);
        assertEq(_countLogs(address(distributor), IPayoutDistributor.Claimed.selector), 0, "no Claimed event");
        assertEq(tokenA.balanceOf(alice), 1_000, "alice paid");
    }

    function testClaimWithSigAtItsDeadlineShouldSucceedAndAfterShouldRevert() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory first = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        bytes memory second = _signClaim(0, tokens[1], 300, carol, 1, deadline);
        vm.warp(deadline);
        distributor.claimWithSig(alice, tokens[0], 1_000, _proofOf(alice, tokens[0], 1_000), carol, deadline, first);
        assertEq(tokenA.balanceOf(carol), 1_000, "paid at the deadline");

        vm.warp(deadline + 1);
        bytes32[] memory proof = _proofOf(alice, tokens[1], 300);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorExpiredSignature.selector, deadline)
        );
        distributor.claimWithSig(alice, tokens[1], 300, proof, carol, deadline, second);
    }

    function testFuzz_ClaimWithSigAfterItsDeadlineShouldRevert(uint256 lateBy) public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        vm.warp(deadline + bound(lateBy, 1, 365 days));
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorExpiredSignature.selector, deadline)
        );
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, carol, deadline, signature);
    }

    function testClaimWithSigToTheZeroRecipientShouldRevert() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, address(0), 0, deadline);
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, address(0), deadline, signature);
    }

    function testFuzz_ClaimWithSigOfAnotherKeyShouldRevert(uint256 key) public {
        _finaliseEpoch1();
        key = bound(key, 1, SECP256K1_N - 1);
        vm.assume(vm.addr(key) != alice);
        uint256 deadline = block.timestamp;
        bytes memory signature = _signClaimWith(key, alice, tokens[0], 1_000, carol, 0, deadline);
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, alice)
        );
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, carol, deadline, signature);
    }

    function testClaimWithSigToAnotherRecipientThanTheSignedOneShouldRevert() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory forCarol = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, alice)
        );
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, stranger, deadline, forCarol);
    }

    function testClaimWithSigOfAnErc1271WalletShouldSucceedWithItsOwnersSignatureOnly() public {
        _finaliseEpoch1();
        address account = address(wallet);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32[] memory proof = _proofOf(account, tokens[0], 200);
        bytes memory forged = _signClaimWith(STRANGER_KEY, account, tokens[0], 200, carol, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidClaimSignature.selector, account)
        );
        distributor.claimWithSig(account, tokens[0], 200, proof, carol, deadline, forged);

        bytes memory byOwner = _signClaimWith(ACCOUNT_KEY + 1, account, tokens[0], 200, carol, 0, deadline);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.ClaimedTo(account, tokens[0], carol, 200);
        distributor.claimWithSig(account, tokens[0], 200, proof, carol, deadline, byOwner);
        assertEq(tokenA.balanceOf(carol), 200, "carol paid");
        assertEq(tokenA.balanceOf(account), 0, "the wallet is not paid");
    }

    function testClaimWithSigPreemptedByAPlainClaimShouldRevertAndLeaveTheNonceUnused() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        bytes32[] memory proof = _proofOf(alice, tokens[0], 1_000);
        // Anyone may claim for an account (to the account): seen in the mempool, the signed claim can be pre-empted.
        vm.prank(stranger);
        distributor.claim(alice, tokens[0], 1_000, proof);
        assertEq(tokenA.balanceOf(alice), 1_000, "alice paid");

        vm.expectRevert(
            abi.encodeWithSelector(
                IPayoutDistributor.PayoutDistributorNothingToClaim.selector, alice, tokens[0], 1_000, 1_000
            )
        );
        distributor.claimWithSig(alice, tokens[0], 1_000, proof, carol, deadline, signature);
        assertEq(tokenA.balanceOf(carol), 0, "carol not paid");
        assertEq(distributor.nonces(alice), 0, "nonce unused");
    }

    function testClaimWithSigWithAProofThatDoesNotMatchShouldRevertAndKeepTheNonce() public {
        _finaliseEpoch1();
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = _signClaim(0, tokens[0], 1_000, carol, 0, deadline);
        bytes32[] memory wrong = _proofOf(bob, tokens[0], 500);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidProof.selector, alice, tokens[0], 1_000)
        );
        distributor.claimWithSig(alice, tokens[0], 1_000, wrong, carol, deadline, signature);
        assertEq(distributor.nonces(alice), 0, "nonce unused");
    }

    function _claimWithSig(uint256 index, address recipient, uint256 deadline, bytes memory signature)
        private
        returns (uint256)
    {
        (address account, address token, uint256 amount) = _leaf(index);
        bytes32[] memory proof = _proof(index);
        vm.prank(RELAYER);
        return distributor.claimWithSig(account, token, amount, proof, recipient, deadline, signature);
    }
}
