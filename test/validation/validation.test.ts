import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatRow, runValidation, underTwoPercentRule, type Row } from '../../main/cli/validation-suite.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('validation (fast subset)', () => {
  it('M/M/1/K, M/M/3/10, the Jackson network, M/D/1, round robin and the token bucket agree with theory', () => {
    const rows = runValidation({
      requests: 60_000,
      replications: 10,
      strict2pct: false,
      cases: [
        'mm1k_k5_overload',
        'mmck_c3_k10',
        'jackson_api_db',
        'md1_rho60',
        'lb3_round_robin',
        'token_bucket_burst1',
      ],
    });
    const misses = rows.filter((r) => !r.pass).map(formatRow);
    expect(misses).toEqual([]);
    expect(rows.length).toBeGreaterThan(55);
    // the public waiting-time percentiles of M/D/1, σ and the visit ratios are checked, not skipped
    const names = new Set(rows.map((r) => `${r.caseName}.${r.metric}`));
    for (const n of [
      'md1_rho60.W_p99',
      'lb3_round_robin.sigma',
      'jackson_api_db.api_visits_per_request',
      'mmck_c3_k10.P_block',
    ])
      expect(names).toContain(n);
    // the estimator is checked where its method is exact
    const exact = rows.filter((r) => r.analyticExact);
    expect(exact.length).toBeGreaterThan(35);
    for (const r of exact) expect(Math.abs(r.analyticRelativeError ?? Infinity)).toBeLessThanOrEqual(1e-6);
  }, 60_000);
});

describe('the expected values of M/M/3/10 follow from its parameters', () => {
  it('match the birth–death chain recomputed here', () => {
    interface Entry {
      name: string;
      params: Record<string, { value: number }>;
      expected: Record<string, { value: number }>;
    }
    const cases = JSON.parse(readFileSync(join(here, 'textbook.json'), 'utf8')) as Entry[];
    const e = cases.find((c) => c.name === 'mmck_c3_k10');
    if (!e) throw new Error('mmck_c3_k10 missing from textbook.json');
    const lambda = e.params['lambda']!.value;
    const mu = e.params['mu']!.value;
    const c = e.params['servers']!.value;
    const K = e.params['K']!.value;
    // unnormalized p_n: rate in λ, rate out min(n, c)·μ
    const w = [1];
    for (let n = 1; n <= K; n++) w.push((w[n - 1] as number) * (lambda / (Math.min(n, c) * mu)));
    const total = w.reduce((a, b) => a + b, 0);
    const p = w.map((x) => x / total);
    const pK = p[K] as number;
    const X = lambda * (1 - pK);
    const L = p.reduce((s, x, n) => s + n * x, 0);
    const Lq = p.reduce((s, x, n) => s + Math.max(0, n - c) * x, 0);
    const want: Record<string, number> = {
      P_block: pK,
      rejected_rate: lambda * pK,
      X,
      U: X / (c * mu),
      L,
      Lq,
      R: L / X,
      W: Lq / X,
      P0: p[0] as number,
      P_wait: p.slice(c, K).reduce((a, b) => a + b, 0) / (1 - pK),
    };
    expect(Object.keys(e.expected).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(e.expected[k]!.value, k).toBeCloseTo(v, 12);
  });
});

describe('the long runs’ 2% rule', () => {
  it('covers every mean and the p99, with or without a component prefix or suffix', () => {
    for (const m of [
      'R',
      'W',
      'L',
      'Lq',
      'X',
      'U',
      'L_network',
      'api_L',
      'api_Lq',
      'db_R_per_visit',
      'R_end_to_end',
      'users_thinking',
      'admitted_rate',
      'R_p99',
      'W_p99',
    ])
      expect(underTwoPercentRule(m), m).toBe(true);
    for (const m of ['R_p50', 'R_p95', 'W_p50', 'P0', 'P_wait', 'P_block', 'P_rate_limited', 'sigma'])
      expect(underTwoPercentRule(m), m).toBe(false);
  });
});

describe('printing', () => {
  it('prints a miss that was re-run at 4× as such, then the re-run', () => {
    const base = {
      caseName: 'mm1_rho70',
      metric: 'R',
      expected: 0.0333333,
      meanOrP99: true,
      analytic: 0.0333333,
      analyticRelativeError: 0,
      analyticExact: true,
      analyticPass: true,
    };
    const row: Row = {
      ...base,
      mean: 0.03334,
      lo: 0.0333,
      hi: 0.03338,
      relativeError: 0.0002,
      inside: true,
      within2pct: true,
      pass: true,
      retried: true,
      firstMiss: {
        mean: 0.0336,
        lo: 0.03345,
        hi: 0.03375,
        relativeError: 0.008,
        inside: false,
        within2pct: true,
        pass: false,
      },
    };
    const lines = formatRow(row).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^miss .*simulated\s+0\.033600 .*re-run with new seeds at 4× the requests/);
    expect(lines[1]).toMatch(/^ok .*simulated\s+0\.033340 .*\(re-run at 4×\).*analytic 0\.033333 \(exact/);
  });
});
