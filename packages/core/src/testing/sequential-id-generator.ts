import type { IdGenerator } from '../ports/id-generator.js';
import { testUuid } from './builders.js';

/** Deterministic UUIDs: 00000000-0000-4000-8000-00000000f001, …f002, … */
export class SequentialIdGenerator implements IdGenerator {
  private n = 0;
  constructor(private readonly base = 0xf000) {}
  newId(): string {
    return testUuid(this.base + ++this.n);
  }
}
