import { describe, expect, it } from 'vitest';
import { formatRow, runValidation } from '../../main/cli/validation-suite.js';

describe('validation (fast subset)', () => {
  it('M/M/1/K, the Jackson network, M/D/1 and round robin agree with theory', () => {
    const rows = runValidation({
      requests: 60_000,
      replications: 10,
      strict2pct: false,
      cases: ['mm1k_k5_overload', 'jackson_api_db', 'md1_rho60', 'lb3_round_robin', 'token_bucket_burst1'],
    });
    const misses = rows.filter((r) => !r.pass).map(formatRow);
    expect(misses).toEqual([]);
    expect(rows.length).toBeGreaterThan(40);
  });
});
