import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IdGenerator } from '@veo-bot/core';

/** Random v4 UUIDs. */
export class CryptoIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}

/** A worker id unique to this process: host, pid and a random part (leases name their owner). */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
