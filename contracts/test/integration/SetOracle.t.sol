// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {Signing} from "../utils/Signing.t.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice `PayoutDistributor.setOracle`: the admin adds and removes oracles, never below the threshold.
contract SetOracleTest is BaseTest {
    uint256 private constant _NEW_ORACLE_KEY = 0x0A11CE + 100;

    function testSetOracleAddsAnOracleWhoseSignaturesThenCount() public {
        address newOracle = vm.addr(_NEW_ORACLE_KEY);
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.OracleSet(newOracle, true);
        vm.prank(ADMIN);
        distributor.setOracle(newOracle, true);
        assertTrue(distributor.isOracle(newOracle), "is an oracle");
        (uint8 oracleCount,,) = distributor.oracleConfig();
        assertEq(oracleCount, ORACLE_COUNT + 1, "oracle count");

        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("new oracle");
        uint256[] memory keys = new uint256[](THRESHOLD);
        (keys[0], keys[1], keys[2]) = (oracleKeys[0], oracleKeys[1], _NEW_ORACLE_KEY);
        distributor.propose(proposal, Signing.signQuorum(keys, Signing.proposalDigest(address(distributor), proposal)));
        (uint64 epoch,,) = distributor.pendingProposal();
        assertEq(epoch, 1, "proposed with the new oracle's signature");
    }

    function testSetOracleRemovesAnOracleWhoseSignaturesThenNoLongerCount() public {
        vm.expectEmit(address(distributor));
        emit IPayoutDistributor.OracleSet(oracles[0], false);
        vm.prank(ADMIN);
        distributor.setOracle(oracles[0], false);
        assertFalse(distributor.isOracle(oracles[0]), "no longer an oracle");
        (uint8 oracleCount,,) = distributor.oracleConfig();
        assertEq(oracleCount, ORACLE_COUNT - 1, "oracle count");

        IPayoutDistributor.EpochProposal memory proposal = _emptyProposal("removed");
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidSigner.selector, oracles[0]));
        distributor.propose(proposal, signatures);
    }

    function testSetOracleOfTheZeroAddressShouldRevert() public {
        vm.prank(ADMIN);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        distributor.setOracle(address(0), true);
    }

    function testSetOracleToItsCurrentStateShouldRevert() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorOracleUnchanged.selector, oracles[0])
        );
        distributor.setOracle(oracles[0], true);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorOracleUnchanged.selector, stranger));
        distributor.setOracle(stranger, false);
        vm.stopPrank();
    }

    function testSetOracleRemovingBelowTheThresholdShouldRevert() public {
        vm.startPrank(ADMIN);
        distributor.setThreshold(5);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidThreshold.selector, 5, 4));
        distributor.setOracle(oracles[2], false);
        vm.stopPrank();
    }

    function testSetOracleByAnyoneButTheAdminShouldRevert() public {
        vm.prank(GUARDIAN);
        _expectUnauthorized(GUARDIAN, bytes32(0));
        distributor.setOracle(stranger, true);
    }
}
