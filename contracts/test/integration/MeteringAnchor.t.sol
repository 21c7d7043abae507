// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMeteringEscrow} from "../../interfaces/IMeteringEscrow.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.t.sol";
import {MeteringBaseTest} from "../MeteringBaseTest.t.sol";

/// @notice `MeteringEscrow.anchor`, `verifyRecord` and `recordLeaf`: a runner commits each period's records of run
/// once, as a StandardMerkleTree root, and any record is proven against it.
contract MeteringAnchorTest is MeteringBaseTest {
    function testARunnerAnchorsAPeriodOnceAndEveryRecordProves() public {
        bytes32[] memory hashes = new bytes32[](5);
        for (uint256 i; i < 5; ++i) {
            hashes[i] = _recordLeaf(_record(i));
        }
        bytes32[] memory tree = MerkleBuilder.build(hashes);
        vm.expectEmit(address(escrow));
        emit IMeteringEscrow.RecordsAnchored(runner, NOW_PERIOD - 1, tree[0], 5, "ipfs://records");
        vm.prank(runner);
        escrow.anchor(NOW_PERIOD - 1, tree[0], 5, "ipfs://records");

        IMeteringEscrow.Anchor memory anchored = escrow.anchorOf(runner, NOW_PERIOD - 1);
        assertEq(anchored.root, tree[0], "root");
        assertEq(anchored.count, 5, "count");
        assertEq(anchored.anchoredAt, block.timestamp, "when");
        for (uint256 i; i < 5; ++i) {
            assertEq(escrow.recordLeaf(_record(i)), hashes[i], "the escrow's leaf is StandardMerkleTree's");
            assertTrue(
                escrow.verifyRecord(runner, NOW_PERIOD - 1, _record(i), MerkleBuilder.proof(tree, i)), "proves"
            );
        }
        IMeteringEscrow.RecordOfRun memory tampered = _record(2);
        tampered.outputHash = keccak256("another output");
        assertFalse(
            escrow.verifyRecord(runner, NOW_PERIOD - 1, tampered, MerkleBuilder.proof(tree, 2)), "a tampered record"
        );
        assertFalse(
            escrow.verifyRecord(runner, NOW_PERIOD, _record(2), MerkleBuilder.proof(tree, 2)), "another period"
        );
        assertFalse(
            escrow.verifyRecord(stranger, NOW_PERIOD - 1, _record(2), MerkleBuilder.proof(tree, 2)), "another runner"
        );

        vm.prank(runner);
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowAlreadyAnchored.selector, runner, NOW_PERIOD - 1)
        );
        escrow.anchor(NOW_PERIOD - 1, keccak256("a second root"), 6, "");
    }

    function testEachRunnerAnchorsItsOwnPeriods() public {
        _anchor(NOW_PERIOD, 2);
        vm.prank(stranger);
        escrow.anchor(NOW_PERIOD, keccak256("its own"), 1, "");
        assertEq(escrow.anchorOf(stranger, NOW_PERIOD).root, keccak256("its own"), "the stranger's, apart");
        assertTrue(escrow.anchorOf(runner, NOW_PERIOD).root != keccak256("its own"), "the runner's untouched");
    }

    function testAnEmptyAnchorOrOneOfAPeriodNotStartedShouldRevert() public {
        vm.startPrank(runner);
        vm.expectRevert(IMeteringEscrow.MeteringEscrowEmptyAnchor.selector);
        escrow.anchor(NOW_PERIOD, bytes32(0), 1, "");
        vm.expectRevert(IMeteringEscrow.MeteringEscrowEmptyAnchor.selector);
        escrow.anchor(NOW_PERIOD, keccak256("root"), 0, "");
        vm.expectRevert(
            abi.encodeWithSelector(IMeteringEscrow.MeteringEscrowFuturePeriod.selector, NOW_PERIOD + 1, NOW_PERIOD)
        );
        escrow.anchor(NOW_PERIOD + 1, keccak256("root"), 1, "");
        vm.stopPrank();
    }
}
