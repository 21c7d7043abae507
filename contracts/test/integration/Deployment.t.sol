// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AssetRegistry} from "../../AssetRegistry.sol";
import {ContributionLedger} from "../../ContributionLedger.sol";
import {DemoToken} from "../../dev/DemoToken.sol";
import {IPayoutDistributor} from "../../interfaces/IPayoutDistributor.sol";
import {IRevenueRouter} from "../../interfaces/IRevenueRouter.sol";
import {PayoutDistributor} from "../../PayoutDistributor.sol";
import {PoolVault} from "../../PoolVault.sol";
import {RevenueRouter} from "../../RevenueRouter.sol";
import {BaseTest} from "../BaseTest.t.sol";

/// @notice The constructors: what each contract records and emits at deployment, and the parameters it refuses.
contract DeploymentTest is BaseTest {
    /* ASSET REGISTRY */

    function testAssetRegistryIsAnErc721NamedCoherenceNetworkAssetWithNoAssets() public {
        AssetRegistry fresh = new AssetRegistry(ADMIN, ADMIN_DELAY, new address[](0));
        assertEq(fresh.name(), "Coherence Network Asset", "name");
        assertEq(fresh.symbol(), "CNA", "symbol");
        assertEq(fresh.assetCount(), 0, "asset count");
        assertEq(fresh.MAX_PARENTS(), MAX_PARENTS, "MAX_PARENTS");
        assertTrue(fresh.supportsInterface(0x80ac58cd), "ERC-721");
        assertTrue(fresh.supportsInterface(0x5b5e139f), "ERC-721 metadata");
    }

    /* CONTRIBUTION LEDGER */

    function testContributionLedgerGrantsTheAttesterRoleAndNamesItsEip712Domain() public {
        address[] memory attesters = new address[](2);
        (attesters[0], attesters[1]) = (attester, carol);
        bytes32 role = keccak256("ATTESTER_ROLE");
        vm.expectEmit();
        emit IAccessControl.RoleGranted(role, attester, address(this));
        vm.expectEmit();
        emit IAccessControl.RoleGranted(role, carol, address(this));
        ContributionLedger fresh = new ContributionLedger(registry, ADMIN, ADMIN_DELAY, attesters);

        assertEq(fresh.ATTESTER_ROLE(), role, "ATTESTER_ROLE");
        assertTrue(fresh.hasRole(role, attester), "first attester");
        assertTrue(fresh.hasRole(role, carol), "second attester");
        assertFalse(fresh.hasRole(role, stranger), "a stranger is no attester");
        assertEq(fresh.defaultAdmin(), ADMIN, "admin");
        assertEq(fresh.defaultAdminDelay(), ADMIN_DELAY, "admin delay");
        assertEq(fresh.nonces(attester), 0, "nonce");
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            fresh.eip712Domain();
        assertEq(name, "CoherenceContributionLedger", "domain name");
        assertEq(version, "1", "domain version");
        assertEq(chainId, block.chainid, "domain chain id");
        assertEq(verifyingContract, address(fresh), "domain verifying contract");
    }

    /* PAYOUT DISTRIBUTOR */

    function testPayoutDistributorRegistersItsOraclesThresholdChallengePeriodAndGuardianAndEmitsThem() public {
        bytes32 guardianRole = keccak256("GUARDIAN_ROLE");
        vm.expectEmit();
        emit IAccessControl.RoleGranted(guardianRole, GUARDIAN, address(this));
        vm.expectEmit();
        emit IAccessControl.RoleGranted(guardianRole, SECOND_GUARDIAN, address(this));
        for (uint256 i; i < ORACLE_COUNT; ++i) {
            vm.expectEmit();
            emit IPayoutDistributor.OracleSet(oracles[i], true);
        }
        vm.expectEmit();
        emit IPayoutDistributor.ThresholdSet(THRESHOLD);
        vm.expectEmit();
        emit IPayoutDistributor.ChallengePeriodSet(CHALLENGE_PERIOD);
        PayoutDistributor fresh = _freshDistributor();

        (uint8 oracleCount, uint8 threshold, uint32 challengePeriod) = fresh.oracleConfig();
        assertEq(oracleCount, ORACLE_COUNT, "oracle count");
        assertEq(threshold, THRESHOLD, "threshold");
        assertEq(challengePeriod, CHALLENGE_PERIOD, "challenge period");
        for (uint256 i; i < ORACLE_COUNT; ++i) {
            assertTrue(fresh.isOracle(oracles[i]), "oracle");
        }
        assertFalse(fresh.isOracle(ADMIN), "the admin is no oracle");
        assertEq(fresh.GUARDIAN_ROLE(), guardianRole, "GUARDIAN_ROLE");
        assertTrue(fresh.hasRole(guardianRole, GUARDIAN), "guardian");
        assertTrue(fresh.hasRole(guardianRole, SECOND_GUARDIAN), "second guardian");
        assertFalse(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), address(this)), "the deployer holds no role");
        assertFalse(fresh.hasRole(guardianRole, address(this)), "the deployer is no guardian");
        assertEq(fresh.defaultAdmin(), ADMIN, "admin");
        assertEq(fresh.defaultAdminDelay(), ADMIN_DELAY, "admin delay");
        assertEq(fresh.MIN_CHALLENGE_PERIOD(), 10 minutes, "MIN_CHALLENGE_PERIOD");
        assertEq(fresh.MAX_CHALLENGE_PERIOD(), 30 days, "MAX_CHALLENGE_PERIOD");

        assertEq(fresh.root(), bytes32(0), "root");
        assertEq(fresh.finalisedRoot(), bytes32(0), "finalised root");
        (uint64 epoch, uint64 toBlock) = fresh.finalisedEpoch();
        assertEq(epoch + toBlock, 0, "nothing finalised");
        (uint64 pendingEpoch, bytes32 pendingHash, uint64 deadline) = fresh.pendingProposal();
        assertEq(pendingEpoch + deadline, 0, "nothing pending");
        assertEq(pendingHash, bytes32(0), "no pending hash");
        assertEq(fresh.nextEpoch(), 1, "next epoch");
        assertFalse(fresh.paused(), "not paused");
        assertEq(fresh.nonces(alice), 0, "nonce");
    }

    function testPayoutDistributorAllowlistsItsTokensAndItsVaultLetsItPullThem() public {
        for (uint256 t; t < TOKENS; ++t) {
            vm.expectEmit();
            emit IPayoutDistributor.TokenAllowedSet(tokens[t], true);
        }
        PayoutDistributor fresh = _freshDistributor();
        for (uint256 t; t < TOKENS; ++t) {
            assertTrue(fresh.isTokenAllowed(tokens[t]), "allowlisted");
            assertEq(
                IERC20(tokens[t]).allowance(fresh.vault(), address(fresh)),
                type(uint256).max,
                "the vault lets the distributor pull allocations"
            );
        }
        assertEq(fresh.trackedTokenCount(), TOKENS, "tracked tokens");
        assertEq(fresh.MAX_TOKENS(), 32, "MAX_TOKENS");
        assertEq(PoolVault(fresh.vault()).distributor(), address(fresh), "the vault serves its creator");
    }

    function testPayoutDistributorWithAZeroOracleShouldRevert() public {
        address[] memory list = new address[](2);
        list[0] = oracles[0];
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), list, 1, CHALLENGE_PERIOD, _allowedTokens());
    }

    function testPayoutDistributorWithARepeatedOracleShouldRevert() public {
        address[] memory list = new address[](3);
        (list[0], list[1], list[2]) = (oracles[0], oracles[1], oracles[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorOracleUnchanged.selector, oracles[0])
        );
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), list, 1, CHALLENGE_PERIOD, _allowedTokens());
    }

    function testPayoutDistributorWithAThresholdOutOfRangeShouldRevert() public {
        address[] memory two = new address[](2);
        (two[0], two[1]) = (oracles[0], oracles[1]);
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidThreshold.selector, 0, 2));
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), two, 0, CHALLENGE_PERIOD, _allowedTokens());
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidThreshold.selector, 3, 2));
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), two, 3, CHALLENGE_PERIOD, _allowedTokens());
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidThreshold.selector, 1, 0));
        new PayoutDistributor(
            ADMIN, ADMIN_DELAY, _guardians(), new address[](0), 1, CHALLENGE_PERIOD, _allowedTokens()
        );
    }

    function testPayoutDistributorWithAZeroGuardianOrTokenShouldRevert() public {
        address[] memory none = new address[](1);
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        new PayoutDistributor(ADMIN, ADMIN_DELAY, none, oracles, THRESHOLD, CHALLENGE_PERIOD, _allowedTokens());
        vm.expectRevert(IPayoutDistributor.PayoutDistributorZeroAddress.selector);
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), oracles, THRESHOLD, CHALLENGE_PERIOD, none);
    }

    function testPayoutDistributorAllowlistingMoreThanMaxTokensShouldRevert() public {
        address[] memory many = new address[](33);
        for (uint256 i; i < many.length; ++i) {
            many[i] = address(new DemoToken("Many", "MNY", 18));
        }
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorTooManyTokens.selector, 32));
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), oracles, THRESHOLD, CHALLENGE_PERIOD, many);
    }

    function testPoolVaultApprovesOnlyForItsDistributor() public {
        PoolVault vault = PoolVault(distributor.vault());
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(PoolVault.PoolVaultUnauthorised.selector, stranger));
        vault.approveDistributor(tokens[0]);
    }

    function testPayoutDistributorWithAChallengePeriodOutOfBoundsShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IPayoutDistributor.PayoutDistributorInvalidChallengePeriod.selector, 0));
        new PayoutDistributor(ADMIN, ADMIN_DELAY, _guardians(), oracles, 1, 0, _allowedTokens());
    }

    /* REVENUE ROUTER */

    function testRevenueRouterSetsItsParametersAndEmitsThem() public {
        vm.expectEmit();
        emit IRevenueRouter.TreasurySet(TREASURY);
        vm.expectEmit();
        emit IRevenueRouter.ReserveSet(RESERVE);
        vm.expectEmit();
        emit IRevenueRouter.SplitSet(FEE_BPS, POOL_BPS);
        RevenueRouter fresh =
            new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, TREASURY, RESERVE, FEE_BPS, POOL_BPS);
        assertEq(fresh.feeBps(), FEE_BPS, "fee");
        assertEq(fresh.poolBps(), POOL_BPS, "pool share");
        assertEq(fresh.treasury(), TREASURY, "treasury");
        assertEq(fresh.reserve(), RESERVE, "reserve");
        assertEq(fresh.MAX_FEE_BPS(), 1_000, "MAX_FEE_BPS");
        assertEq(fresh.defaultAdmin(), ADMIN, "admin");
        assertEq(fresh.defaultAdminDelay(), ADMIN_DELAY, "admin delay");
    }

    function testRevenueRouterWithAZeroTreasuryOrReserveShouldRevert() public {
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAddress.selector);
        new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, address(0), RESERVE, FEE_BPS, POOL_BPS);
        vm.expectRevert(IRevenueRouter.RevenueRouterZeroAddress.selector);
        new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, TREASURY, address(0), FEE_BPS, POOL_BPS);
    }

    function testRevenueRouterWithAFeeAboveTheCapOrAPoolShareAboveTheWholeShouldRevert() public {
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterFeeTooHigh.selector, 1_001, 1_000));
        new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, TREASURY, RESERVE, 1_001, POOL_BPS);
        vm.expectRevert(abi.encodeWithSelector(IRevenueRouter.RevenueRouterPoolShareTooHigh.selector, 10_001));
        new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, TREASURY, RESERVE, FEE_BPS, 10_001);
    }

    /* DEMO TOKEN */

    function testDemoTokenHasItsNameSymbolAndDecimalsAndMintsToAnyone() public {
        DemoToken token = new DemoToken("Demo USD", "dUSD", 6);
        assertEq(token.name(), "Demo USD", "name");
        assertEq(token.symbol(), "dUSD", "symbol");
        assertEq(token.decimals(), 6, "decimals");
        vm.prank(stranger);
        token.mint(alice, 42);
        assertEq(token.balanceOf(alice), 42, "minted");
        assertEq(token.totalSupply(), 42, "total supply");
    }

    function _freshDistributor() private returns (PayoutDistributor) {
        return new PayoutDistributor(
            ADMIN, ADMIN_DELAY, _guardians(), oracles, THRESHOLD, CHALLENGE_PERIOD, _allowedTokens()
        );
    }
}
