// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AssetRegistry} from "../AssetRegistry.sol";
import {ContributionLedger} from "../ContributionLedger.sol";
import {DemoToken} from "../dev/DemoToken.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IContributionLedger} from "../interfaces/IContributionLedger.sol";
import {IPayoutDistributor} from "../interfaces/IPayoutDistributor.sol";
import {PayoutDistributor} from "../PayoutDistributor.sol";
import {RevenueRouter} from "../RevenueRouter.sol";
import {ERC1271Wallet} from "./mocks/ERC1271Wallet.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.t.sol";
import {Signing} from "./utils/Signing.t.sol";
import {TestBase} from "./utils/TestBase.t.sol";
import {Vm} from "./utils/Vm.sol";

/// @title BaseTest
/// @notice The shared setup of the contract suite (one file per entry point under `integration/`): the whole
/// protocol deployed and wired as the deploy module does it, the accounts that play each part, three root assets,
/// two tokens, and the helpers that build contributions, payout trees, quorum-signed proposals and signed claims.
/// @dev A `.t.sol` file, like every test source, so that coverage does not report it.
// The shared setup holds the whole deployed system and its actors, as Morpho Blue's BaseTest does.
// solhint-disable-next-line max-states-count
abstract contract BaseTest is TestBase {
    /* PARAMETERS (those of deploy/parameters/local.json, with a non-zero admin delay) */

    uint48 internal constant ADMIN_DELAY = 3 days;
    uint32 internal constant CHALLENGE_PERIOD = 1 hours;
    uint256 internal constant ORACLE_COUNT = 5;
    uint8 internal constant THRESHOLD = 3;
    uint16 internal constant FEE_BPS = 200;
    uint16 internal constant POOL_BPS = 5_000;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_PARENTS = 32;
    uint256 internal constant ASSETS = 3;
    uint256 internal constant ACCOUNTS = 4;
    uint256 internal constant TOKENS = 2;
    /// @dev The fuzzed payout grid: leaf `i` is `(accounts[i / TOKENS], tokens[i % TOKENS], amounts[i])`.
    uint256 internal constant LEAVES = ACCOUNTS * TOKENS;
    /// @dev Large enough for any real token, small enough that eight leaves never overflow the 128-bit accounting.
    uint256 internal constant MAX_AMOUNT = 1e36;
    /// @dev The order of the secp256k1 group: private keys are in [1, n - 1].
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant MAX_UINT128 = type(uint128).max;

    /* KEYS AND ACTORS */

    /// @dev Oracle `i`'s key is `ORACLE_KEY + i`; `oracleKeys` holds them sorted by address.
    uint256 internal constant ORACLE_KEY = 0x0A11CE;
    /// @dev Account `i`'s key is `ACCOUNT_KEY + i`; alice, bob and carol are accounts 0, 1 and 2.
    uint256 internal constant ACCOUNT_KEY = 0xACC0;
    uint256 internal constant ATTESTER_KEY = 0xA77E57;
    uint256 internal constant STRANGER_KEY = 0x57A4;
    uint256 internal constant VERIFIER_KEY = 0x7E41F1;

    address internal constant ADMIN = address(0xAD);
    address internal constant NEW_ADMIN = address(0xAD2);
    address internal constant GUARDIAN = address(0x6A4D);
    address internal constant SECOND_GUARDIAN = address(0x6A4D2);
    address internal constant TREASURY = address(0x7EA5);
    address internal constant RESERVE = address(0x5E5E);
    address internal constant PAYER = address(0xBA7E4);
    /// @dev Funds trees directly, as anyone may (the router is not the only funder).
    address internal constant FUNDER = address(0xF0D);
    address internal constant RELAYER = address(0x4E1A);

    address internal attester;
    address internal stranger;
    address internal verifier;
    address internal alice;
    address internal bob;
    address internal carol;
    address[ACCOUNTS] internal accounts;
    /// @dev The oracles and their keys, ascending by address, as proposals must order their signatures.
    address[] internal oracles;
    uint256[] internal oracleKeys;

    /* CONTRACTS */

    AssetRegistry internal registry;
    ContributionLedger internal ledger;
    PayoutDistributor internal distributor;
    RevenueRouter internal router;
    /// @dev Two DemoTokens, `tokenA` below `tokenB` by address (the order proposals list them in).
    DemoToken internal tokenA;
    DemoToken internal tokenB;
    address[TOKENS] internal tokens;
    /// @dev A smart-contract account whose signatures are its owner's (bob's).
    ERC1271Wallet internal wallet;

    /* THE LATEST FINALISED TREE */

    /// @dev A payout tree leaf.
    struct Leaf {
        address account;
        address token;
        uint256 amount;
    }

    Leaf[] internal leaves;
    bytes32[] internal tree;

    function setUp() public virtual {
        for (uint256 i; i < ACCOUNTS; ++i) {
            accounts[i] = vm.addr(ACCOUNT_KEY + i);
        }
        (alice, bob, carol) = (accounts[0], accounts[1], accounts[2]);
        attester = vm.addr(ATTESTER_KEY);
        stranger = vm.addr(STRANGER_KEY);
        uint256[] memory keys = new uint256[](ORACLE_COUNT);
        for (uint256 i; i < ORACLE_COUNT; ++i) {
            keys[i] = ORACLE_KEY + i;
        }
        oracleKeys = Signing.sortByAddress(keys);
        for (uint256 i; i < ORACLE_COUNT; ++i) {
            oracles.push(vm.addr(oracleKeys[i]));
        }

        DemoToken first = new DemoToken("Demo Token A", "DTA", 18);
        DemoToken second = new DemoToken("Demo Token B", "DTB", 6);
        (tokenA, tokenB) = address(first) < address(second) ? (first, second) : (second, first);
        tokens = [address(tokenA), address(tokenB)];
        wallet = new ERC1271Wallet(bob);

        verifier = vm.addr(VERIFIER_KEY);
        address[] memory verifiers = new address[](1);
        verifiers[0] = verifier;
        registry = new AssetRegistry(ADMIN, ADMIN_DELAY, verifiers);
        address[] memory attesters = new address[](1);
        attesters[0] = attester;
        ledger = new ContributionLedger(registry, ADMIN, ADMIN_DELAY, attesters);
        distributor = new PayoutDistributor(
            ADMIN, ADMIN_DELAY, _guardians(), oracles, THRESHOLD, CHALLENGE_PERIOD, _allowedTokens()
        );
        router = new RevenueRouter(registry, distributor, ADMIN, ADMIN_DELAY, TREASURY, RESERVE, FEE_BPS, POOL_BPS);

        for (uint256 i; i < ASSETS; ++i) {
            vm.prank(accounts[i]);
            registry.register(
                keccak256(abi.encode("root", i)), "", IAssetRegistry.AssetKind.Code, new uint256[](0), new uint16[](0)
            );
        }

        vm.label(ADMIN, "admin");
        vm.label(GUARDIAN, "guardian");
        vm.label(attester, "attester");
        vm.label(verifier, "verifier");
        vm.label(stranger, "stranger");
        vm.label(alice, "alice");
        vm.label(bob, "bob");
        vm.label(carol, "carol");
    }

    /* ACCESS */

    /// @dev Expects the next call to revert because `account` lacks `role`.
    function _expectUnauthorized(address account, bytes32 role) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role)
        );
    }

    /* ASSETS */

    /// @dev Registers `count` more root assets, owned by alice.
    function _registerRoots(uint256 count) internal {
        for (uint256 i; i < count; ++i) {
            vm.prank(alice);
            registry.register(
                keccak256(abi.encode("more roots", registry.assetCount())),
                "",
                IAssetRegistry.AssetKind.Code,
                new uint256[](0),
                new uint16[](0)
            );
        }
    }

    function _assertAttesterStatus(uint256 assetId, address who, IAssetRegistry.AttesterStatus expected) internal view {
        assertEq(uint256(registry.attesterStatus(assetId, who)), uint256(expected), "attester status");
    }

    /// @dev Lineage arguments: lists of parents and of their weights, of zero, one or two.
    function _list() internal pure returns (uint256[] memory) {
        return new uint256[](0);
    }

    function _list(uint256 a) internal pure returns (uint256[] memory list) {
        list = new uint256[](1);
        list[0] = a;
    }

    function _list(uint256 a, uint256 b) internal pure returns (uint256[] memory list) {
        list = new uint256[](2);
        (list[0], list[1]) = (a, b);
    }

    function _weights() internal pure returns (uint16[] memory) {
        return new uint16[](0);
    }

    function _weights(uint16 a) internal pure returns (uint16[] memory list) {
        list = new uint16[](1);
        list[0] = a;
    }

    function _weights(uint16 a, uint16 b) internal pure returns (uint16[] memory list) {
        list = new uint16[](2);
        (list[0], list[1]) = (a, b);
    }

    /* CONTRIBUTIONS */

    /// @dev A contribution with plausible costs and evidence named by `label`.
    function _contribution(address contributor, uint256 assetId, string memory label)
        internal
        pure
        returns (IContributionLedger.Contribution memory)
    {
        return IContributionLedger.Contribution({
            contributor: contributor,
            assetId: assetId,
            laborMicroUsd: 1_500_000,
            toolsMicroUsd: 250_000,
            computeMicroUsd: 75_000,
            evidenceHash: keccak256(abi.encode("evidence", label)),
            evidenceUri: string.concat("git://repo/", label)
        });
    }

    /// @dev A batch of one.
    function _one(IContributionLedger.Contribution memory c)
        internal
        pure
        returns (IContributionLedger.Contribution[] memory batch)
    {
        batch = new IContributionLedger.Contribution[](1);
        batch[0] = c;
    }

    /// @dev `count` valid contributions with distinct evidence derived from `seed`.
    function _batch(bytes32 seed, uint256 count)
        internal
        pure
        returns (IContributionLedger.Contribution[] memory batch)
    {
        batch = new IContributionLedger.Contribution[](count);
        for (uint256 i; i < count; ++i) {
            bytes32 h = keccak256(abi.encode(seed, i));
            batch[i] = IContributionLedger.Contribution({
                contributor: address(uint160(uint256(h) >> 96) | 1),
                assetId: uint256(h) % ASSETS + 1,
                laborMicroUsd: uint64(uint256(h)),
                toolsMicroUsd: uint64(uint256(h) >> 64),
                computeMicroUsd: 1,
                evidenceHash: keccak256(abi.encode(h)),
                evidenceUri: "git:abc"
            });
        }
    }

    /// @dev Makes a fuzzed contribution valid: an existing asset, a contributor, some cost and some evidence.
    function _valid(IContributionLedger.Contribution memory c)
        internal
        pure
        returns (IContributionLedger.Contribution memory)
    {
        c.assetId = bound(c.assetId, 1, ASSETS);
        if (c.contributor == address(0)) c.contributor = address(0xC0DE);
        if (c.laborMicroUsd | c.toolsMicroUsd | c.computeMicroUsd == 0) c.computeMicroUsd = 1;
        if (c.evidenceHash == bytes32(0)) c.evidenceHash = keccak256("evidence");
        return c;
    }

    function _idOf(IContributionLedger.Contribution memory c) internal pure returns (bytes32) {
        return keccak256(abi.encode(c.assetId, c.contributor, c.evidenceHash));
    }

    function _statusOf(IContributionLedger.Contribution memory c) internal view returns (uint256) {
        return uint256(ledger.statusOf(_idOf(c)));
    }

    /// @dev Expects the ledger to emit `c`'s full record, vouched for by `by`.
    function _expectAttested(IContributionLedger.Contribution memory c, address by) internal {
        vm.expectEmit(address(ledger));
        emit IContributionLedger.ContributionAttested(
            _idOf(c),
            c.assetId,
            c.contributor,
            by,
            c.laborMicroUsd,
            c.toolsMicroUsd,
            c.computeMicroUsd,
            c.evidenceHash,
            c.evidenceUri
        );
    }

    /// @dev The attester's signature over `batch` with `nonce` and `deadline`.
    function _signAttestation(
        uint256 key,
        IContributionLedger.Contribution[] memory batch,
        address signer,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes memory) {
        return Signing.sign(key, Signing.attestDigest(address(ledger), batch, signer, nonce, deadline));
    }

    /* REVENUE */

    /// @dev Mints `amount` to the payer, who approves the router and pays it to `assetId`.
    function _pay(uint256 assetId, DemoToken token, uint256 amount) internal {
        token.mint(PAYER, amount);
        vm.startPrank(PAYER);
        token.approve(address(router), amount);
        router.pay(assetId, token, amount);
        vm.stopPrank();
    }

    /* PROPOSALS */

    /// @dev The next epoch's proposal over both tokens, covering the 100 blocks after the last finalised one.
    function _proposal(bytes32 payoutRoot, uint256[] memory totals)
        internal
        view
        returns (IPayoutDistributor.EpochProposal memory)
    {
        (, uint64 lastToBlock) = distributor.finalisedEpoch();
        uint64 epoch = distributor.nextEpoch();
        uint64 fromBlock = lastToBlock + 1;
        address[] memory list = new address[](TOKENS);
        (list[0], list[1]) = (tokens[0], tokens[1]);
        return IPayoutDistributor.EpochProposal({
            epoch: epoch,
            fromBlock: fromBlock,
            toBlock: fromBlock + 99,
            payoutRoot: payoutRoot,
            scoresRoot: keccak256(abi.encode("scores", epoch)),
            manifestHash: keccak256(abi.encode("manifest", epoch)),
            tokens: list,
            totals: totals
        });
    }

    /// @dev The next proposal with zero totals and a root named by `label`.
    function _emptyProposal(string memory label) internal view returns (IPayoutDistributor.EpochProposal memory) {
        return _proposal(keccak256(bytes(label)), new uint256[](TOKENS));
    }

    /// @dev Two tokens in ascending order, as proposals list them.
    function _sorted(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        (list[0], list[1]) = a < b ? (a, b) : (b, a);
    }

    /// @dev Two totals.
    function _totals(uint256 a, uint256 b) internal pure returns (uint256[] memory totals) {
        totals = new uint256[](2);
        (totals[0], totals[1]) = (a, b);
    }

    /// @dev Signatures of the first `count` oracles by address, in ascending order.
    function _sign(IPayoutDistributor.EpochProposal memory proposal, uint256 count)
        internal
        view
        returns (IPayoutDistributor.CompactSignature[] memory)
    {
        uint256[] memory keys = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            keys[i] = oracleKeys[i];
        }
        return _signWith(proposal, keys);
    }

    /// @dev Signatures by `keys`, in the order given.
    function _signWith(IPayoutDistributor.EpochProposal memory proposal, uint256[] memory keys)
        internal
        view
        returns (IPayoutDistributor.CompactSignature[] memory signatures)
    {
        bytes32 digest = Signing.proposalDigest(address(distributor), proposal);
        signatures = new IPayoutDistributor.CompactSignature[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            signatures[i] = Signing.signCompact(keys[i], digest);
        }
    }

    /// @dev Oracle keys by position in the ascending order.
    function _keys(uint256 a, uint256 b, uint256 c) internal view returns (uint256[] memory keys) {
        keys = new uint256[](3);
        (keys[0], keys[1], keys[2]) = (oracleKeys[a], oracleKeys[b], oracleKeys[c]);
    }

    /// @dev Proposes with a 3-of-5 quorum, sent by a stranger; returns the challenge deadline.
    function _propose(IPayoutDistributor.EpochProposal memory proposal) internal returns (uint256 deadline) {
        IPayoutDistributor.CompactSignature[] memory signatures = _sign(proposal, THRESHOLD);
        vm.prank(stranger);
        distributor.propose(proposal, signatures);
        (,, uint32 challengePeriod) = distributor.oracleConfig();
        return block.timestamp + challengePeriod;
    }

    function _guardians() internal pure returns (address[] memory list) {
        list = new address[](2);
        (list[0], list[1]) = (GUARDIAN, SECOND_GUARDIAN);
    }

    function _allowedTokens() internal view returns (address[] memory list) {
        list = new address[](TOKENS);
        for (uint256 t; t < TOKENS; ++t) {
            list[t] = tokens[t];
        }
    }

    /// @dev Proposes, waits out the challenge window and finalises.
    function _proposeAndFinalise(IPayoutDistributor.EpochProposal memory proposal) internal {
        vm.warp(_propose(proposal));
        vm.prank(stranger);
        distributor.finalise(proposal);
    }

    /* TREES */

    /// @dev Mints `amount` of `token` into the vault and credits it, as the router does.
    function _fund(address token, uint256 amount) internal {
        DemoToken(token).mint(distributor.vault(), amount);
        vm.prank(FUNDER);
        distributor.fund(token, amount);
    }

    /// @dev Funds what the new cumulative tree of `newLeaves` needs, then proposes, waits out the window and
    /// finalises it; `leaves` and `tree` are the new tree's from then on.
    function _finaliseLeaves(Leaf[] memory newLeaves)
        internal
        returns (IPayoutDistributor.EpochProposal memory proposal)
    {
        bytes32[] memory hashes = new bytes32[](newLeaves.length);
        uint256[] memory totals = new uint256[](TOKENS);
        delete leaves;
        for (uint256 i; i < newLeaves.length; ++i) {
            Leaf memory entry = newLeaves[i];
            hashes[i] = MerkleBuilder.leaf(entry.account, entry.token, entry.amount);
            totals[entry.token == tokens[0] ? 0 : 1] += entry.amount;
            leaves.push(entry);
        }
        for (uint256 t; t < TOKENS; ++t) {
            (uint256 funded,) = distributor.tokenTotals(tokens[t]);
            if (totals[t] > funded) _fund(tokens[t], totals[t] - funded);
        }
        tree = MerkleBuilder.build(hashes);
        proposal = _proposal(tree[0], totals);
        _proposeAndFinalise(proposal);
    }

    /// @dev `_finaliseLeaves` of the fuzzed grid.
    function _finaliseGrid(uint256[LEAVES] memory amounts) internal {
        Leaf[] memory grid = new Leaf[](LEAVES);
        for (uint256 i; i < LEAVES; ++i) {
            grid[i] = Leaf(accounts[i / TOKENS], tokens[i % TOKENS], amounts[i]);
        }
        _finaliseLeaves(grid);
    }

    /// @dev The grid's amounts, each bounded to `MAX_AMOUNT`.
    function _boundAmounts(uint256[LEAVES] memory amounts) internal pure returns (uint256[LEAVES] memory) {
        for (uint256 i; i < LEAVES; ++i) {
            amounts[i] = bound(amounts[i], 0, MAX_AMOUNT);
        }
        return amounts;
    }

    /// @dev Epoch 1 of the concrete scenario: alice A 1,000, bob A 500, alice B 300, the wallet A 200.
    function _finaliseEpoch1() internal returns (IPayoutDistributor.EpochProposal memory) {
        Leaf[] memory epoch1 = new Leaf[](4);
        epoch1[0] = Leaf(alice, tokens[0], 1_000);
        epoch1[1] = Leaf(bob, tokens[0], 500);
        epoch1[2] = Leaf(alice, tokens[1], 300);
        epoch1[3] = Leaf(address(wallet), tokens[0], 200);
        return _finaliseLeaves(epoch1);
    }

    /// @dev Epoch 2 of the concrete scenario: alice tops up to A 2,500, bob gets B 700, carol A 100; the rest stays.
    function _epoch2Leaves() internal view returns (Leaf[] memory epoch2) {
        epoch2 = new Leaf[](6);
        epoch2[0] = Leaf(alice, tokens[0], 2_500);
        epoch2[1] = Leaf(bob, tokens[0], 500);
        epoch2[2] = Leaf(alice, tokens[1], 300);
        epoch2[3] = Leaf(bob, tokens[1], 700);
        epoch2[4] = Leaf(address(wallet), tokens[0], 200);
        epoch2[5] = Leaf(carol, tokens[0], 100);
    }

    /// @dev The proof of the latest tree's leaf `index`.
    function _proof(uint256 index) internal view returns (bytes32[] memory) {
        return MerkleBuilder.proof(tree, index);
    }

    /// @dev The index in the latest tree of `(account, token, amount)`; fails if it is not a leaf.
    function _indexOf(address account, address token, uint256 amount) internal view returns (uint256) {
        for (uint256 i; i < leaves.length; ++i) {
            Leaf memory entry = leaves[i];
            if (entry.account == account && entry.token == token && entry.amount == amount) return i;
        }
        revert TestAssertionFailed("no such leaf");
    }

    /// @dev The proof of `(account, token, amount)` in the latest tree.
    function _proofOf(address account, address token, uint256 amount) internal view returns (bytes32[] memory) {
        return _proof(_indexOf(account, token, amount));
    }

    /// @dev The latest tree's leaf `index`.
    function _leaf(uint256 index) internal view returns (address account, address token, uint256 amount) {
        Leaf memory entry = leaves[index];
        return (entry.account, entry.token, entry.amount);
    }

    /* CLAIMS */

    /// @dev The signature of account `accountIndex` authorising a claim paid to `recipient`.
    function _signClaim(
        uint256 accountIndex,
        address token,
        uint256 amount,
        address recipient,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes memory) {
        address account = accounts[accountIndex];
        return _signClaimWith(ACCOUNT_KEY + accountIndex, account, token, amount, recipient, nonce, deadline);
    }

    /// @dev A claim signature by `key` for `account`.
    function _signClaimWith(
        uint256 key,
        address account,
        address token,
        uint256 amount,
        address recipient,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes memory) {
        return Signing.sign(
            key, Signing.claimDigest(address(distributor), account, token, amount, recipient, nonce, deadline)
        );
    }

    /* LOGS */

    /// @dev How many of the recorded logs (since `vm.recordLogs()`) `emitter` emitted with `topic0`.
    function _countLogs(address emitter, bytes32 topic0) internal returns (uint256 count) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == emitter && logs[i].topics.length != 0 && logs[i].topics[0] == topic0) ++count;
        }
    }
}
