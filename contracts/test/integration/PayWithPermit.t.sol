// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DemoPermitToken} from "../../dev/DemoPermitToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {Signing} from "../utils/Signing.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `RevenueRouter.payWithPermit`: the payer's EIP-2612 permit and the payment in one transaction, split and
/// checked exactly as `pay`; a permit someone else submitted first still pays, and a permit that fails with no
/// allowance to fall back on reverts naming the token's reason.
contract PayWithPermitTest is BaseTest {
    /// @dev Two payments of this much still fit the distributor's 128-bit accounting.
    uint256 private constant _MAX_PAYMENT = type(uint128).max / 2;
    uint256 private constant _PAYER_KEY = 0xBA7E4;
    string private constant _NAME = "Demo Permit Token";

    DemoPermitToken private _token;
    address private _payer;
    uint256 private _deadline;

    function setUp() public override {
        super.setUp();
        _token = new DemoPermitToken(_NAME, "DPT", 6);
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(_token), true);
        _payer = vm.addr(_PAYER_KEY);
        vm.label(_payer, "payer");
        _deadline = block.timestamp + 1 hours;
    }

    function testPayWithPermitSplitsTheFeeThenReserveAndPoolAndFundsTheDistributor() public {
        uint256 amount = 10_000e6;
        (uint256 fee, uint256 pool) = (200e6, 4_900e6);
        _token.mint(_payer, amount);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, amount, 0, _deadline);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(1, address(_token), _payer, amount, fee, pool, pool);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.Funded(address(_token), address(router), pool, pool);
        vm.prank(_payer);
        router.payWithPermit(1, _token, amount, _deadline, v, r, s);

        assertEq(_token.balanceOf(_payer), 0, "payer");
        assertEq(_token.balanceOf(TREASURY), fee, "treasury");
        assertEq(_token.balanceOf(RESERVE), pool, "reserve");
        assertEq(_token.balanceOf(distributor.vault()), pool, "vault");
        assertEq(_token.balanceOf(address(router)), 0, "router");
        assertEq(_token.allowance(_payer, address(router)), 0, "the permit's allowance is spent in full");
        (uint256 funded,) = distributor.tokenTotals(address(_token));
        assertEq(funded, pool, "funded");
    }

    function testFuzz_PayWithPermitSplitsExactlyAsPay(uint256 amount, uint256 feeBps, uint256 poolBps) public {
        amount = bound(amount, 1, _MAX_PAYMENT);
        feeBps = bound(feeBps, 0, router.MAX_FEE_BPS());
        poolBps = bound(poolBps, 0, BPS);
        vm.prank(ADMIN);
        // Safe casts: bounded just above.
        router.setSplit(uint16(feeBps), uint16(poolBps));
        (uint256 fee, uint256 reserveShare, uint256 pool) = router.previewSplit(amount);
        assertEq(fee + reserveShare + pool, amount, "fee + reserve + pool");
        _token.mint(_payer, 2 * amount);

        uint256[4] memory before = _balances();
        vm.startPrank(_payer);
        _token.approve(address(router), amount);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(2, address(_token), _payer, amount, fee, reserveShare, pool);
        router.pay(2, _token, amount);
        vm.stopPrank();
        uint256[4] memory afterPay = _balances();

        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, amount, 0, _deadline);
        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(2, address(_token), _payer, amount, fee, reserveShare, pool);
        vm.prank(_payer);
        router.payWithPermit(2, _token, amount, _deadline, v, r, s);
        uint256[4] memory afterPermit = _balances();

        assertEq(afterPay[0] - before[0], fee, "pay: treasury balance change");
        assertEq(afterPay[1] - before[1], reserveShare, "pay: reserve balance change");
        assertEq(afterPay[2] - before[2], pool, "pay: vault balance change");
        assertEq(afterPermit[0] - afterPay[0], fee, "payWithPermit: treasury balance change");
        assertEq(afterPermit[1] - afterPay[1], reserveShare, "payWithPermit: reserve balance change");
        assertEq(afterPermit[2] - afterPay[2], pool, "payWithPermit: vault balance change");
        assertEq(afterPermit[3], 0, "router balance");
        assertEq(_token.balanceOf(_payer), 0, "payer paid both");
        (uint256 funded,) = distributor.tokenTotals(address(_token));
        assertEq(funded, 2 * pool, "distributor funding");
    }

    function testPayWithPermitUsesThePermitsNonceSoTheSignaturePaysOnce() public {
        _token.mint(_payer, 2_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
        assertEq(_token.nonces(_payer), 1, "nonce used");

        // The token now hashes the signature with nonce 1, so it recovers some other signer.
        address recovered = ecrecover(_digest(_payer, 1_000, 1, _deadline), v, r, s);
        bytes memory reason = abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, _payer);
        vm.expectRevert(_permitFailed(address(_token), 0, 1_000, reason));
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
        assertEq(_token.balanceOf(_payer), 1_000, "the second payment took nothing");
    }

    function testPayWithPermitThatHasExpiredShouldRevert() public {
        _token.mint(_payer, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        vm.warp(_deadline + 1);
        bytes memory reason = abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, _deadline);
        vm.expectRevert(_permitFailed(address(_token), 0, 1_000, reason));
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
    }

    function testPayWithPermitAtItsDeadlineShouldSucceed() public {
        _token.mint(_payer, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        vm.warp(_deadline);
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
        assertEq(_token.balanceOf(_payer), 0, "paid");
    }

    function testPayWithPermitSignedBySomeoneElseShouldRevert() public {
        _token.mint(_payer, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(STRANGER_KEY, _payer, 1_000, 0, _deadline);
        bytes memory reason = abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, stranger, _payer);
        vm.expectRevert(_permitFailed(address(_token), 0, 1_000, reason));
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
    }

    function testPayWithAnotherAccountsPermitShouldRevertAndTakeNothingFromEither() public {
        // The router makes the caller the permit's owner, so a copied signature cannot spend its signer's tokens.
        _token.mint(_payer, 1_000);
        _token.mint(stranger, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        address recovered = ecrecover(_digest(stranger, 1_000, 0, _deadline), v, r, s);
        bytes memory reason = abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, stranger);
        vm.expectRevert(_permitFailed(address(_token), 0, 1_000, reason));
        vm.prank(stranger);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
        assertEq(_token.balanceOf(_payer), 1_000, "signer");
        assertEq(_token.balanceOf(stranger), 1_000, "caller");
    }

    function testPayWithAPermitSubmittedFirstToTheTokenShouldStillPay() public {
        _token.mint(_payer, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        // Someone watching the mempool submits the same permit before the payment: the nonce is spent, the
        // allowance set, and the payment's own permit call reverts.
        vm.prank(stranger);
        _token.permit(_payer, address(router), 1_000, _deadline, v, r, s);
        assertEq(_token.nonces(_payer), 1, "the front-runner spent the nonce");

        vm.expectEmit(address(router));
        emit IRevenueRouter.RevenuePaid(1, address(_token), _payer, 1_000, 20, 490, 490);
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
        assertEq(_token.balanceOf(_payer), 0, "paid");
        assertEq(_token.allowance(_payer, address(router)), 0, "allowance spent");
    }

    function testPayWithAFailedPermitAndTooSmallAnAllowanceShouldRevertNamingTheAllowance() public {
        _token.mint(_payer, 1_000);
        vm.prank(_payer);
        _token.approve(address(router), 999);
        (uint8 v, bytes32 r, bytes32 s) = _sign(STRANGER_KEY, _payer, 1_000, 0, _deadline);
        bytes memory reason = abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, stranger, _payer);
        vm.expectRevert(_permitFailed(address(_token), 999, 1_000, reason));
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
    }

    function testPayWithPermitInATokenWithoutPermitAndNoAllowanceShouldRevert() public {
        tokenA.mint(_payer, 1_000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        // DemoToken has no `permit` and no fallback: the call reverts without data.
        vm.expectRevert(_permitFailed(address(tokenA), 0, 1_000, ""));
        vm.prank(_payer);
        router.payWithPermit(1, tokenA, 1_000, _deadline, v, r, s);
    }

    function testPayWithPermitInATokenWithoutPermitButApprovedShouldPay() public {
        tokenA.mint(_payer, 1_000);
        vm.startPrank(_payer);
        tokenA.approve(address(router), 1_000);
        router.payWithPermit(1, tokenA, 1_000, 0, 0, 0, 0);
        vm.stopPrank();
        assertEq(tokenA.balanceOf(_payer), 0, "paid through the allowance");
    }

    function testPayWithPermitOfZeroShouldRevert() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 0, 0, _deadline);
        vm.prank(_payer);
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAmount.selector);
        router.payWithPermit(1, _token, 0, _deadline, v, r, s);
    }

    function testFuzz_PayWithPermitToAnUnknownAssetShouldRevert(uint256 assetId, uint256 amount) public {
        vm.assume(assetId == 0 || assetId > registry.assetCount());
        amount = bound(amount, 1, _MAX_PAYMENT);
        _token.mint(_payer, amount);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, amount, 0, _deadline);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterUnknownAsset.selector, assetId));
        vm.prank(_payer);
        router.payWithPermit(assetId, _token, amount, _deadline, v, r, s);
    }

    function testPayWithPermitInATokenThatIsNotAllowlistedShouldRevert() public {
        DemoPermitToken junk = new DemoPermitToken(_NAME, "JNK", 18);
        junk.mint(_payer, 1_000);
        bytes32 digest = Signing.permitDigest(address(junk), _NAME, _payer, address(router), 1_000, 0, _deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_PAYER_KEY, digest);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterTokenNotAllowed.selector, address(junk)));
        vm.prank(_payer);
        router.payWithPermit(1, junk, 1_000, _deadline, v, r, s);
        assertEq(junk.balanceOf(_payer), 1_000, "nothing taken");
        assertEq(junk.nonces(_payer), 0, "the permit was undone with the payment");
    }

    function testPayWithPermitReenteredFromATokenCallbackShouldRevert() public {
        ReentrantToken token = new ReentrantToken();
        vm.prank(ADMIN);
        distributor.setTokenAllowed(address(token), true);
        token.mint(_payer, 1_000);
        vm.prank(_payer);
        token.approve(address(router), 1_000);
        token.arm(router, 1);
        vm.prank(_payer);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        router.payWithPermit(1, IERC20(address(token)), 1_000, 0, 0, 0, 0);
    }

    function testPayWithPermitWithoutTheBalanceShouldRevertWithTheTokensError() public {
        _token.mint(_payer, 999);
        (uint8 v, bytes32 r, bytes32 s) = _sign(_PAYER_KEY, _payer, 1_000, 0, _deadline);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _payer, 999, 1_000));
        vm.prank(_payer);
        router.payWithPermit(1, _token, 1_000, _deadline, v, r, s);
    }

    function testTheTestsPermitDigestIsTheTokens() public view {
        assertEq(_token.DOMAIN_SEPARATOR(), Signing.domainSeparator(_NAME, address(_token)), "domain separator");
    }

    /* HELPERS */

    /// @dev A permit of `value` to the router over `owner`'s tokens, signed with `key`.
    function _sign(uint256 key, address owner, uint256 value, uint256 nonce, uint256 deadline)
        private
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        return vm.sign(key, _digest(owner, value, nonce, deadline));
    }

    function _digest(address owner, uint256 value, uint256 nonce, uint256 deadline) private view returns (bytes32) {
        return Signing.permitDigest(address(_token), _NAME, owner, address(router), value, nonce, deadline);
    }

    function _permitFailed(address token, uint256 allowance, uint256 amount, bytes memory reason)
        private
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(
            IRevenueRouter.RevenueRouterPermitFailed.selector, token, allowance, amount, reason
        );
    }

    /// @dev Balances of the permit token at the treasury, the reserve, the vault and the router.
    function _balances() private view returns (uint256[4] memory) {
        return [
            _token.balanceOf(TREASURY),
            _token.balanceOf(RESERVE),
            _token.balanceOf(distributor.vault()),
            _token.balanceOf(address(router))
        ];
    }
}
