/**
 * Protocol parameters: the current value of each (`parameter`) and every change (`parameterChange`).
 */
import { parameter, parameterChange } from "ponder:schema";

import type { Db } from "./totals.ts";

/** What a parameter change needs to know about the event that made it. */
export type ParameterEvent = {
  id: string;
  name: string;
  contractName: string;
  contractAddress: `0x${string}`;
  blockNumber: bigint;
  timestamp: bigint;
  txHash: `0x${string}`;
};

/** Sets `<contract>:<name>` to `value` and records the change. */
export async function setParameter(
  db: Db,
  at: ParameterEvent,
  name: string,
  value: string | bigint | number | boolean,
): Promise<void> {
  const id = `${at.contractName}:${name}`;
  const text = typeof value === "string" ? value.toLowerCase() : String(value);
  const row = {
    id,
    contract: at.contractName,
    contractAddress: at.contractAddress,
    name,
    value: text,
    updatedBlock: at.blockNumber,
    updatedAt: at.timestamp,
    updatedTx: at.txHash,
  };
  await db.insert(parameter).values(row).onConflictDoUpdate(row);
  const change = {
    id: `${at.id}-${name}`,
    parameterId: id,
    contract: at.contractName,
    name,
    event: at.name,
    value: text,
    blockNumber: at.blockNumber,
    timestamp: at.timestamp,
    txHash: at.txHash,
  };
  await db.insert(parameterChange).values(change).onConflictDoUpdate(change);
}

/** The parameter-event description of a Ponder log event. */
export function parameterEvent(
  contractName: string,
  name: string,
  event: {
    id: string;
    log: { address: `0x${string}` };
    block: { number: bigint; timestamp: bigint };
    transaction: { hash: `0x${string}` };
  },
): ParameterEvent {
  return {
    id: event.id,
    name,
    contractName,
    contractAddress: event.log.address.toLowerCase() as `0x${string}`,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
}
