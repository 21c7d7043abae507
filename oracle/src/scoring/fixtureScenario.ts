/**
 * A ready-made history of commits of varied quality, for tests and the demo:
 * `createFixtureRepository(dir, QUALITY_SCENARIO)` then score each commit.
 * Commit i of the returned ids is the one named by `SCENARIO_COMMIT` below.
 */
import type { ArchitectureRules } from "./config.ts";
import type { FixtureCommit } from "./fixtures.ts";

/** Index of each commit in {@link QUALITY_SCENARIO}. */
export const SCENARIO_COMMIT = Object.freeze({
  base: 0,
  clean: 1,
  sloppy: 2,
  copied: 3,
  solidityClean: 4,
  soliditySloppy: 5,
});

/** Architecture rules the scenario's repository is meant to be scored with. */
export const SCENARIO_ARCHITECTURE: ArchitectureRules = Object.freeze({
  forbiddenImports: Object.freeze([Object.freeze({ from: "src/ui/**", to: "src/db/**" })]),
  maxFileLines: 300,
});

const MONEY = `/**
 * Money amounts in integer cents.
 */

/** Formats cents as a decimal string with two places, e.g. 1234 -> "12.34". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const magnitude = cents < 0n ? -cents : cents;
  const whole = magnitude / 100n;
  const fraction = (magnitude % 100n).toString().padStart(2, "0");
  return \`\${sign}\${whole}.\${fraction}\`;
}

/** Parses a decimal string with at most two places into cents. */
export function parseCents(text: string): bigint {
  const match = /^(-?)(\\d+)(?:\\.(\\d{1,2}))?$/.exec(text);
  if (match === null) throw new RangeError(\`not an amount: \${text}\`);
  const [, sign, whole, fraction = ""] = match;
  const cents = BigInt(whole ?? "0") * 100n + BigInt(fraction.padEnd(2, "0"));
  return sign === "-" ? -cents : cents;
}

/** Splits cents into n parts that differ by at most one cent and sum to the total. */
export function splitCents(total: bigint, parts: number): bigint[] {
  if (!Number.isInteger(parts) || parts <= 0) throw new RangeError(\`parts must be a positive integer, got \${parts}\`);
  const count = BigInt(parts);
  const share = total / count;
  const remainder = total % count;
  const result: bigint[] = [];
  for (let i = 0n; i < count; i++) result.push(share + (i < remainder ? 1n : 0n));
  return result;
}
`;

const MONEY_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { formatCents, parseCents, splitCents } from "./money.ts";

test("formats and parses cents", () => {
  assert.equal(formatCents(1234n), "12.34");
  assert.equal(parseCents("-0.5"), -50n);
});

test("splits evenly", () => {
  assert.deepEqual(splitCents(10n, 3), [4n, 3n, 3n]);
});
`;

const DB_STORE = `/** An in-memory key-value table. */
export class Table<V> {
  readonly #rows = new Map<string, V>();

  /** The value stored under \`key\`, if any. */
  get(key: string): V | undefined {
    return this.#rows.get(key);
  }

  /** Stores \`value\` under \`key\`. */
  set(key: string, value: V): void {
    this.#rows.set(key, value);
  }
}
`;

const RATES = `/**
 * Interest over whole days, in basis points per year, with exact integer math.
 */

/** Days in the interest year. */
export const DAYS_PER_YEAR = 365n;

/** Simple interest on a principal for some days at a yearly rate in basis points, rounded down. */
export function simpleInterest(principal: bigint, yearlyBps: bigint, days: bigint): bigint {
  if (principal < 0n || yearlyBps < 0n || days < 0n) throw new RangeError("inputs must not be negative");
  return (principal * yearlyBps * days) / (10_000n * DAYS_PER_YEAR);
}

/** Compound interest applied once per period, each period rounded down. */
export function compound(principal: bigint, periodBps: bigint, periods: number): bigint {
  let balance = principal;
  for (let period = 0; period < periods; period++) {
    balance += (balance * periodBps) / 10_000n;
  }
  return balance;
}
`;

const RATES_TEST = `import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compound, simpleInterest } from "./rates.ts";

describe("simpleInterest", () => {
  test("a full year at 5% of 10000 is 500", () => {
    assert.equal(simpleInterest(10_000n, 500n, 365n), 500n);
  });

  test("rounds down", () => {
    assert.equal(simpleInterest(1n, 1n, 1n), 0n);
  });

  test("rejects negative input", () => {
    assert.throws(() => simpleInterest(-1n, 1n, 1n), RangeError);
  });
});

describe("compound", () => {
  test("two periods at 10% of 100 is 121", () => {
    assert.equal(compound(100n, 1000n, 2), 121n);
  });
});
`;

const SLOPPY_REPORT = `import { Table } from "../db/store.ts";

var cache: any = {}

export function report(rows: any, mode: any, table: Table<any>) {
  var out = ""
  for (var i = 0; i < rows.length; i++) {
    if (rows[i] != null) {
      if (mode == "full") {
        if (rows[i].amount > 0) {
          if (rows[i].kind == "credit") {
            if (rows[i].amount > 1000) { out = out + "BIG " + rows[i].amount } else { out = out + rows[i].amount }
          } else if (rows[i].kind == "debit") {
            out = out + (rows[i].amount > 1000 ? "big-" : rows[i].amount > 100 ? "mid-" : "-") + rows[i].amount
          } else { out = out + "?" }
        } else {
          if (rows[i].amount == 0) { out = out + "0" } else { out = out + "neg" }
        }
      } else if (mode == "short" || mode == "brief" || mode == "tiny") {
        out = out + (rows[i].amount || 0)
      }
    }
  }
  cache[mode] = out
  table.set(mode, out)
  return out
}

export function total(rows: any) {
  var t = 0
  for (var i = 0; i < rows.length; i++) { if (rows[i] && rows[i].amount && rows[i].kind == "credit") t = t + rows[i].amount; else if (rows[i] && rows[i].kind == "debit") t = t - rows[i].amount }
  return t
}
`;

/** money.ts with its names changed: the copy the novelty metric must catch. */
const COPIED_CURRENCY = MONEY.replaceAll("Cents", "Minor")
  .replaceAll("cents", "minor")
  .replaceAll("magnitude", "absolute")
  .replaceAll("Money amounts in integer minor.", "Currency amounts in minor units.");

const VAULT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.29;

/// @title Vault
/// @notice Holds ether deposits per account and lets each account withdraw its own balance.
contract Vault {
    /// @notice Thrown when an account withdraws more than its balance.
    error VaultInsufficientBalance(address account, uint256 balance, uint256 amount);

    /// @notice Thrown when sending ether to the account fails.
    error VaultTransferFailed(address account);

    /// @notice Emitted when an account deposits.
    event Deposited(address indexed account, uint256 amount);

    /// @notice Emitted when an account withdraws.
    event Withdrawn(address indexed account, uint256 amount);

    mapping(address account => uint256 balance) private _balances;

    /// @notice Deposits the ether sent with the call to the sender's balance.
    function deposit() external payable {
        _balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Withdraws \`amount\` of the sender's balance to the sender.
    /// @param amount The amount in wei.
    function withdraw(uint256 amount) external {
        uint256 balance = _balances[msg.sender];
        if (amount > balance) revert VaultInsufficientBalance(msg.sender, balance, amount);
        _balances[msg.sender] = balance - amount;
        emit Withdrawn(msg.sender, amount);
        (bool sent, ) = payable(msg.sender).call{value: amount}("");
        if (!sent) revert VaultTransferFailed(msg.sender);
    }

    /// @notice The balance of \`account\`.
    /// @param account The account.
    /// @return The balance in wei.
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }
}
`;

const VAULT_TEST = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.29;

import {Vault} from "./Vault.sol";

/// @notice Tests of the vault.
contract VaultTest {
    /// @notice Thrown when a balance that should be zero is not.
    error VaultTestBalanceNotZero(uint256 balance);

    Vault private _vault = new Vault();

    /// @notice A deposit then a full withdrawal leaves a zero balance.
    function testDepositThenWithdraw() external {
        _vault.deposit{value: 1 ether}();
        _vault.withdraw(1 ether);
        uint256 balance = _vault.balanceOf(address(this));
        if (balance != 0) revert VaultTestBalanceNotZero(balance);
    }

    /// @notice Accepts the withdrawn ether.
    receive() external payable {}
}
`;

const SLOPPY_VAULT = `pragma solidity ^0.8.0;

import "./Vault.sol";

contract bank {
    mapping(address => uint) balances;
    uint Total;

    function Deposit() payable {
        balances[msg.sender] += msg.value;
        Total = Total + msg.value;
    }

    function Withdraw(uint amount) public {
        require(tx.origin == msg.sender, 'no contracts allowed here, only externally owned accounts please');
        if (balances[msg.sender] >= amount) {
            if (amount > 0) {
                if (Total >= amount) {
                    msg.sender.call{value: amount}("");
                    balances[msg.sender] -= amount;
                    Total -= amount;
                }
            }
        }
    }
}
`;

/** The scenario's commits, in order; see {@link SCENARIO_COMMIT}. */
export const QUALITY_SCENARIO: readonly FixtureCommit[] = Object.freeze<FixtureCommit[]>([
  {
    message: "Money helpers with tests, and an in-memory table",
    files: {
      "src/money.ts": MONEY,
      "src/money.test.ts": MONEY_TEST,
      "src/db/store.ts": DB_STORE,
      "README.md": "# Ledger app\n",
    },
  },
  {
    message: "Interest rates: documented, tested, simple",
    files: { "src/rates.ts": RATES, "src/rates.test.ts": RATES_TEST },
  },
  {
    message: "report stuff",
    files: { "src/ui/report.ts": SLOPPY_REPORT },
  },
  {
    message: "Currency helpers",
    files: { "src/currency.ts": COPIED_CURRENCY },
  },
  {
    message: "Vault contract with NatSpec and a test",
    files: { "contracts/Vault.sol": VAULT, "contracts/Vault.t.sol": VAULT_TEST },
  },
  {
    message: "bank",
    files: { "contracts/Bank.sol": SLOPPY_VAULT },
  },
]);
