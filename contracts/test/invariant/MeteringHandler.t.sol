// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AssetRegistry} from "../../AssetRegistry.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IAssetRegistry} from "../../interfaces/IAssetRegistry.sol";
import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MeteringEscrow} from "../../MeteringEscrow.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {RevenueRouter} from "../../RevenueRouter.sol";
import {Signing} from "../utils/Signing.t.sol";
import {TestBase} from "../utils/TestBase.t.sol";

/// @title MeteringHandler
/// @notice Drives the metering escrow for the invariant tests: two payers deposit two tokens, two runners (each
/// serving its own asset) redeem growing cumulative vouchers the payers sign (some more than the escrow holds, some
/// replayed), payers request and complete withdrawals as time passes, runners anchor periods and anyone disputes
/// them; disputes are upheld or rejected. It owns every role, checks each call's own effects as it goes and keeps the
/// ghost totals the invariants compare the escrow against.
contract MeteringHandler is TestBase {
    uint256 public constant PAYERS = 2;
    uint256 public constant RUNNERS = 2;
    uint256 public constant TOKENS = 2;
    uint32 private constant _PERIOD = 1 days;
    uint32 private constant _WITHDRAWAL_DELAY = 1 days;
    uint16 private constant _FEE_CAP_BPS = 1_000;
    uint256 private constant _PAYER_KEY = 0xFA7E4;
    uint256 private constant _RUNNER_KEY = 0x4B77E4;
    uint96 private constant _BOND = 1e18;
    uint256 private constant _MAX_DEPOSIT = 1e30;
    address public constant TREASURY = address(0x7EA5);
    address public constant RESERVE = address(0x5E5E);

    MeteringEscrow public immutable ESCROW;
    RevenueRouter public immutable ROUTER;
    PayoutDistributor public immutable DISTRIBUTOR;
    address public immutable BOND_TOKEN;
    address[TOKENS] private _tokens;
    address[PAYERS] private _payers;
    address[RUNNERS] private _runners;

    /// @dev A dispute as the handler saw it opened.
    struct Opened {
        uint256 id;
        address runner;
        uint64 period;
        bool open;
        bool upheld;
    }

    Opened[] private _opened;

    /* GHOSTS */

    /// @notice Per token: deposited, withdrawn, sent through the router, paid to runners.
    mapping(address token => uint256) public ghostDeposited;
    mapping(address token => uint256) public ghostWithdrawn;
    mapping(address token => uint256) public ghostToRouter;
    mapping(address token => uint256) public ghostToRunners;
    /// @notice Per channel: the highest cumulative amount and fee its payer signed.
    mapping(bytes32 channelId => uint256) public ghostSignedAmount;
    mapping(bytes32 channelId => uint256) public ghostSignedFee;
    /// @notice Redemptions that paid while a dispute on their runner covered their period: must stay zero.
    uint256 public ghostFrozenPaid;
    /// @notice Bonds posted, returned and forfeited.
    uint256 public ghostBondsPosted;
    uint256 public ghostBondsReturned;
    uint256 public ghostBondsForfeited;
    /// @notice How often each kind of call did something, to show the campaign reached every path.
    mapping(bytes32 action => uint256) public calls;

    constructor() {
        AssetRegistry registry = new AssetRegistry(address(this), 0, new address[](0));
        for (uint256 i; i < RUNNERS; ++i) {
            registry.register(
                keccak256(abi.encode("asset", i)), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0)
            );
        }
        address[] memory oracles = new address[](3);
        for (uint256 i; i < 3; ++i) {
            oracles[i] = vm.addr(0x0A11CE + i);
        }
        address[] memory tokens = new address[](TOKENS);
        for (uint256 t; t < TOKENS; ++t) {
            _tokens[t] = address(new DemoToken("Token", "T", 18));
            tokens[t] = _tokens[t];
        }
        address[] memory guardians = new address[](1);
        guardians[0] = address(this);
        DISTRIBUTOR = new PayoutDistributor(address(this), 0, guardians, oracles, 2, 1 hours, tokens);
        ROUTER = new RevenueRouter(registry, DISTRIBUTOR, address(this), 0, TREASURY, RESERVE, 200, 5_000);
        ESCROW = new MeteringEscrow(
            registry, ROUTER, DISTRIBUTOR, address(this), 0, guardians, _PERIOD, _WITHDRAWAL_DELAY, _FEE_CAP_BPS
        );
        BOND_TOKEN = address(new DemoToken("Bond", "BOND", 18));
        ESCROW.setDisputeTerms(IMeteringEscrow.DisputeTerms(BOND_TOKEN, _BOND, TREASURY));
        IERC20(BOND_TOKEN).approve(address(ESCROW), type(uint256).max);
        for (uint256 i; i < PAYERS; ++i) {
            _payers[i] = vm.addr(_PAYER_KEY + i);
        }
        for (uint256 i; i < RUNNERS; ++i) {
            _runners[i] = vm.addr(_RUNNER_KEY + i);
            ESCROW.setRunner(i + 1, _runners[i], true);
        }
        vm.warp(100 days);
    }

    /* PAYERS */

    /// @notice A payer deposits a random amount of a token.
    function deposit(uint256 payerSeed, uint256 tokenSeed, uint256 amount) external {
        (address payer, address token) = (_payers[payerSeed % PAYERS], _tokens[tokenSeed % TOKENS]);
        amount = bound(amount, 1, _MAX_DEPOSIT);
        DemoToken(token).mint(payer, amount);
        vm.startPrank(payer);
        IERC20(token).approve(address(ESCROW), amount);
        ESCROW.deposit(IERC20(token), amount);
        vm.stopPrank();
        ghostDeposited[token] += amount;
        ++calls["deposit"];
    }

    /// @notice A payer asks to withdraw a random part of its escrow.
    function requestWithdrawal(uint256 payerSeed, uint256 tokenSeed, uint256 amount) external {
        (address payer, address token) = (_payers[payerSeed % PAYERS], _tokens[tokenSeed % TOKENS]);
        (uint256 balance,,) = ESCROW.escrowOf(payer, IERC20(token));
        vm.prank(payer);
        ESCROW.requestWithdrawal(IERC20(token), bound(amount, 0, balance));
        ++calls["requestWithdrawal"];
    }

    /// @notice A payer completes its withdrawal when it can, or is refused before the delay.
    function completeWithdrawal(uint256 payerSeed, uint256 tokenSeed) external {
        (address payer, address token) = (_payers[payerSeed % PAYERS], _tokens[tokenSeed % TOKENS]);
        (uint256 balance, uint256 withdrawing, uint256 withdrawableAt) = ESCROW.escrowOf(payer, IERC20(token));
        if (withdrawableAt == 0) return;
        if (block.timestamp < withdrawableAt) {
            vm.prank(payer);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IMeteringEscrow.MeteringEscrowWithdrawalNotReady.selector, token, withdrawableAt
                )
            );
            ESCROW.completeWithdrawal(IERC20(token));
            ++calls["completeWithdrawalEarly"];
            return;
        }
        uint256 before = IERC20(token).balanceOf(payer);
        vm.prank(payer);
        ESCROW.completeWithdrawal(IERC20(token));
        uint256 paid = IERC20(token).balanceOf(payer) - before;
        assertEq(paid, withdrawing < balance ? withdrawing : balance, "completeWithdrawal: the request or the rest");
        ghostWithdrawn[token] += paid;
        ++calls["completeWithdrawal"];
    }

    /// @notice Time passes: up to two periods.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 * _PERIOD));
        ++calls["warp"];
    }

    /* RUNNERS */

    /// @notice The payer signs the channel's next cumulative voucher, up to twice what its escrow holds, and the
    /// runner redeems it: paid in full when the escrow covers it and no dispute covers its period, refused otherwise.
    function redeem(uint256 payerSeed, uint256 runnerSeed, uint256 tokenSeed, uint256 add, uint256 feeBps) external {
        uint256 p = payerSeed % PAYERS;
        uint256 r = runnerSeed % RUNNERS;
        address token = _tokens[tokenSeed % TOKENS];
        IMeteringEscrow.Voucher memory voucher = _nextVoucher(p, r, token, add, feeBps);
        bytes32 id = ESCROW.channelId(voucher.payer, voucher.runner, voucher.assetId, token);
        IMeteringEscrow.Channel memory before = ESCROW.channelOf(voucher.payer, voucher.runner, voucher.assetId, token);
        (uint256 balance,,) = ESCROW.escrowOf(voucher.payer, IERC20(token));
        uint256 needed = voucher.amount - before.amount + voucher.hostingFee - before.hostingFee;
        bytes memory signature = Signing.sign(_PAYER_KEY + p, ESCROW.voucherDigest(voucher));
        if (ghostSignedAmount[id] < voucher.amount) ghostSignedAmount[id] = voucher.amount;
        if (ghostSignedFee[id] < voucher.hostingFee) ghostSignedFee[id] = voucher.hostingFee;
        // Covered by a dispute on the runner, open or upheld, of this period or an earlier one: must not pay.
        bool covered = _covered(voucher.runner, voucher.period, false);
        vm.prank(voucher.runner);
        try ESCROW.redeem(voucher, signature) returns (uint256 toAsset, uint256 toRunner) {
            if (covered) ++ghostFrozenPaid;
            assertTrue(needed <= balance, "redeem: paid within the escrow");
            assertEq(toAsset + toRunner, needed, "redeem: pays the increase");
            ghostToRouter[token] += toAsset;
            ghostToRunners[token] += toRunner;
            ++calls["redeem"];
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            // The freeze may reach further back than the open disputes (to the earliest period disputed since the
            // runner had none open), never while none is open.
            bool frozen = selector == IMeteringEscrow.MeteringEscrowPeriodFrozen.selector && _anyOpen(voucher.runner);
            bool barred = selector == IMeteringEscrow.MeteringEscrowRunnerBarred.selector
                && _covered(voucher.runner, voucher.period, true);
            bool short = selector == IMeteringEscrow.MeteringEscrowInsufficientEscrow.selector && needed > balance;
            assertTrue(frozen || barred || short, "redeem: refused only when frozen, barred or beyond the escrow");
            ++calls[short ? bytes32("redeemBeyondEscrow") : bytes32("redeemFrozen")];
        }
    }

    /// @notice The runner submits the channel's last redeemed voucher again: refused, nothing paid.
    function replay(uint256 payerSeed, uint256 runnerSeed, uint256 tokenSeed) external {
        uint256 p = payerSeed % PAYERS;
        address runner = _runners[runnerSeed % RUNNERS];
        address token = _tokens[tokenSeed % TOKENS];
        uint256 assetId = runnerSeed % RUNNERS + 1;
        IMeteringEscrow.Channel memory last = ESCROW.channelOf(_payers[p], runner, assetId, token);
        if (last.nonce == 0) return;
        IMeteringEscrow.Voucher memory voucher = IMeteringEscrow.Voucher(
            _payers[p], runner, assetId, token, last.units, last.amount, last.hostingFee, last.period, last.nonce
        );
        bytes memory signature = Signing.sign(_PAYER_KEY + p, ESCROW.voucherDigest(voucher));
        vm.prank(runner);
        try ESCROW.redeem(voucher, signature) {
            revert TestAssertionFailed("replay: a redeemed voucher paid again");
        } catch (bytes memory reason) {
            // A dispute on the runner is checked before the channel: then the freeze refuses it first.
            bytes4 selector = bytes4(reason);
            assertTrue(
                selector == IMeteringEscrow.MeteringEscrowStaleNonce.selector
                    || selector == IMeteringEscrow.MeteringEscrowPeriodFrozen.selector
                    || selector == IMeteringEscrow.MeteringEscrowRunnerBarred.selector,
                "replay: refused as stale (or frozen)"
            );
        }
        ++calls["replay"];
    }

    /// @notice A runner anchors the current period (a one-record tree) unless it did, and someone disputes the record.
    function anchorAndDispute(uint256 runnerSeed) external {
        address runner = _runners[runnerSeed % RUNNERS];
        uint64 period = ESCROW.currentPeriod();
        IMeteringEscrow.RecordOfRun memory record = IMeteringEscrow.RecordOfRun(
            runnerSeed % RUNNERS + 1, keccak256("bundle"), bytes32(0), bytes32(0), runner, _payers[0], 1, 1, period, 0
        );
        bytes32 leaf = ESCROW.recordLeaf(record);
        if (ESCROW.anchorOf(runner, period).root == bytes32(0)) {
            vm.prank(runner);
            ESCROW.anchor(period, leaf, 1, "");
        }
        if (ESCROW.anchorOf(runner, period).root != leaf) return;
        DemoToken(BOND_TOKEN).mint(address(this), _BOND);
        uint256 id = ESCROW.dispute(runner, period, record, new bytes32[](0), "replay");
        _opened.push(Opened(id, runner, period, true, false));
        ghostBondsPosted += _BOND;
        ++calls["dispute"];
    }

    /// @notice The oldest open dispute is upheld (as a guardian) or rejected (as governance).
    function resolve(bool upheld) external {
        for (uint256 i; i < _opened.length; ++i) {
            if (!_opened[i].open) continue;
            ESCROW.resolveDispute(_opened[i].id, upheld, "");
            _opened[i].open = false;
            _opened[i].upheld = upheld;
            if (upheld) ghostBondsReturned += _BOND;
            else ghostBondsForfeited += _BOND;
            ++calls[upheld ? bytes32("uphold") : bytes32("reject")];
            return;
        }
    }

    /* VIEWS */

    function tokenAt(uint256 t) external view returns (address) {
        return _tokens[t];
    }

    function payerAt(uint256 p) external view returns (address) {
        return _payers[p];
    }

    function runnerAt(uint256 r) external view returns (address) {
        return _runners[r];
    }

    /// @notice The bonds of disputes still open.
    function openBonds() external view returns (uint256 held) {
        for (uint256 i; i < _opened.length; ++i) {
            if (_opened[i].open) held += _BOND;
        }
    }

    /* INTERNAL */

    /// @dev The channel's figures grown by a random step: amount by up to 1e24, a fee under the cap, units by one,
    /// the current period, the next nonce.
    function _nextVoucher(uint256 p, uint256 r, address token, uint256 add, uint256 feeBps)
        private
        view
        returns (IMeteringEscrow.Voucher memory voucher)
    {
        uint256 assetId = r + 1;
        IMeteringEscrow.Channel memory last = ESCROW.channelOf(_payers[p], _runners[r], assetId, token);
        uint256 amount = last.amount + bound(add, 0, 1e24);
        uint256 fee = amount * bound(feeBps, 0, _FEE_CAP_BPS) / 10_000;
        if (fee < last.hostingFee) fee = last.hostingFee;
        voucher = IMeteringEscrow.Voucher(
            _payers[p],
            _runners[r],
            assetId,
            token,
            uint256(last.units) + 1,
            amount,
            fee,
            ESCROW.currentPeriod(),
            last.nonce + 1
        );
    }

    /// @dev Whether a dispute on `runner` of `period` or earlier is upheld, or (unless `upheldOnly`) open.
    function _covered(address runner, uint64 period, bool upheldOnly) private view returns (bool) {
        for (uint256 i; i < _opened.length; ++i) {
            Opened memory d = _opened[i];
            if (d.runner == runner && d.period <= period && (d.upheld || (d.open && !upheldOnly))) return true;
        }
        return false;
    }

    function _anyOpen(address runner) private view returns (bool) {
        for (uint256 i; i < _opened.length; ++i) {
            if (_opened[i].runner == runner && _opened[i].open) return true;
        }
        return false;
    }
}
