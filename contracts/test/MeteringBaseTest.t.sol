// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DemoToken} from "../dev/DemoToken.sol";
import {IMeteringEscrow} from "../interfaces/IMeteringEscrow.sol";
import {MeteringEscrow} from "../MeteringEscrow.sol";
import {BaseTest} from "./BaseTest.t.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.t.sol";
import {Signing} from "./utils/Signing.t.sol";

/// @title MeteringBaseTest
/// @notice The metering escrow beside the protocol of `BaseTest`, wired as the deploy module wires it: a payer with a
/// known key, a runner allowed by asset 1's owner (alice), vouchers signed over a digest computed here rather than
/// by the escrow (so a wrong domain or type string fails), and record trees built with the test Merkle builder.
abstract contract MeteringBaseTest is BaseTest {
    uint32 internal constant PERIOD = 1 days;
    uint32 internal constant WITHDRAWAL_DELAY = 1 days;
    uint16 internal constant HOSTING_FEE_BPS = 1_000;
    uint256 internal constant PAYER_KEY = 0xFA7E4;
    uint256 internal constant RUNNER_KEY = 0x4B77E4;
    uint96 internal constant BOND = 100e18;
    /// @dev Asset 1, alice's, is the one served.
    uint256 internal constant ASSET = 1;
    /// @dev The period the tests run in: far enough from zero that earlier periods exist.
    uint64 internal constant NOW_PERIOD = 100;

    bytes32 internal constant VOUCHER_TYPEHASH = keccak256(
        "Voucher(address payer,address runner,uint256 assetId,address token,uint256 units,uint256 amount,"
        "uint256 hostingFee,uint64 period,uint64 nonce)"
    );

    MeteringEscrow internal escrow;
    address internal payer;
    address internal runner;
    address internal disputer;

    function setUp() public virtual override {
        super.setUp();
        payer = vm.addr(PAYER_KEY);
        runner = vm.addr(RUNNER_KEY);
        disputer = accounts[3];
        escrow = new MeteringEscrow(
            registry, router, distributor, ADMIN, ADMIN_DELAY, _guardians(), PERIOD, WITHDRAWAL_DELAY, HOSTING_FEE_BPS
        );
        vm.warp(uint256(NOW_PERIOD) * PERIOD + 1 hours);
        vm.prank(alice);
        escrow.setRunner(ASSET, runner, true);
        vm.prank(ADMIN);
        escrow.setDisputeTerms(IMeteringEscrow.DisputeTerms(address(tokenB), BOND, TREASURY));
        vm.label(payer, "payer");
        vm.label(runner, "runner");
        vm.label(address(escrow), "escrow");
    }

    /* ESCROW */

    /// @dev Mints `amount` to `who`, who approves the escrow and deposits it.
    function _deposit(address who, DemoToken token, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(escrow), amount);
        escrow.deposit(token, amount);
        vm.stopPrank();
    }

    function _balanceOf(address who, DemoToken token) internal view returns (uint256 balance) {
        (balance,,) = escrow.escrowOf(who, token);
    }

    /* VOUCHERS */

    /// @dev A voucher of the payer's channel with the runner on asset 1 in token A.
    function _voucher(uint256 units, uint256 amount, uint256 hostingFee, uint64 period, uint64 nonce)
        internal
        view
        returns (IMeteringEscrow.Voucher memory)
    {
        return IMeteringEscrow.Voucher({
            payer: payer,
            runner: runner,
            assetId: ASSET,
            token: address(tokenA),
            units: units,
            amount: amount,
            hostingFee: hostingFee,
            period: period,
            nonce: nonce
        });
    }

    /// @dev The EIP-712 digest of `voucher`, computed independently of the escrow.
    function _voucherDigest(IMeteringEscrow.Voucher memory voucher) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                VOUCHER_TYPEHASH,
                voucher.payer,
                voucher.runner,
                voucher.assetId,
                voucher.token,
                voucher.units,
                voucher.amount,
                voucher.hostingFee,
                voucher.period,
                voucher.nonce
            )
        );
        return Signing.typedDigest(Signing.domainSeparator("Coherence Metering", address(escrow)), structHash);
    }

    function _signVoucher(uint256 key, IMeteringEscrow.Voucher memory voucher) internal view returns (bytes memory) {
        return Signing.sign(key, _voucherDigest(voucher));
    }

    /// @dev Signs `voucher` with the payer's key and has the runner redeem it.
    function _redeem(IMeteringEscrow.Voucher memory voucher) internal returns (uint256 toAsset, uint256 toRunner) {
        bytes memory signature = _signVoucher(PAYER_KEY, voucher);
        vm.prank(runner);
        return escrow.redeem(voucher, signature);
    }

    /* RECORDS */

    /// @dev Record `i` of a period: the runner's run of asset 1 for the payer.
    function _record(uint256 i) internal view returns (IMeteringEscrow.RecordOfRun memory) {
        return IMeteringEscrow.RecordOfRun({
            assetId: ASSET,
            bundleHash: keccak256("bundle"),
            inputHash: keccak256(abi.encode("input", i)),
            outputHash: keccak256(abi.encode("output", i)),
            runner: runner,
            payer: payer,
            units: 1,
            price: 1e15,
            nonce: uint64(i + 1),
            time: uint64(block.timestamp)
        });
    }

    /// @dev The StandardMerkleTree leaf of `record`, its ten fields encoded one by one.
    function _recordLeaf(IMeteringEscrow.RecordOfRun memory record) internal pure returns (bytes32) {
        bytes memory encoded = abi.encode(
            record.assetId,
            record.bundleHash,
            record.inputHash,
            record.outputHash,
            record.runner,
            record.payer,
            record.units,
            record.price,
            record.nonce,
            record.time
        );
        return keccak256(bytes.concat(keccak256(encoded)));
    }

    /// @dev Anchors records 0 to `count - 1` for `period` as the runner; returns the tree.
    function _anchor(uint64 period, uint256 count) internal returns (bytes32[] memory tree) {
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            hashes[i] = _recordLeaf(_record(i));
        }
        tree = MerkleBuilder.build(hashes);
        vm.prank(runner);
        // Safe cast: tests anchor a handful of records.
        escrow.anchor(period, tree[0], uint32(count), "ipfs://records");
    }

    /// @dev The disputer posts the bond and disputes record `i` of `tree`, anchored for `period`.
    function _dispute(uint64 period, bytes32[] memory tree, uint256 i) internal returns (uint256) {
        tokenB.mint(disputer, BOND);
        vm.startPrank(disputer);
        tokenB.approve(address(escrow), BOND);
        uint256 id = escrow.dispute(runner, period, _record(i), MerkleBuilder.proof(tree, i), "ipfs://replay");
        vm.stopPrank();
        return id;
    }
}
