/** One numbered store migration; `up` runs inside a transaction. Numbers are contiguous from 1. */
export interface StoreMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

import { migration001 } from './001-init.js';
import { migration002 } from './002-pricing.js';
import { migration003 } from './003-plans.js';

/** Every store migration, in order. Add a file and append it here; a test asserts contiguity. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [migration001, migration002, migration003];
