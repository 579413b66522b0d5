/** Markdown for a pull-request comment comparing two designs run under the same seed. */
import { admittedLoad, bottleneckOf, nameOf, saturationLoad } from './derive.js';
import {
  escapeMarkdown as md,
  fmtChange,
  fmtLatency,
  fmtNumber,
  fmtPercent,
  fmtRps,
  fmtUsd,
} from './format.js';
import type { ReportModel } from './model.js';

export interface DiffInput {
  before: ReportModel;
  after: ReportModel;
  /** Label of the files compared, e.g. their paths. */
  beforeLabel: string;
  afterLabel: string;
  /** Where the SLO came from, in words ("--slo" or "the after file"). */
  sloSource: string;
}

/** Whether the after design meets every SLO line it could be measured on. */
export function sloHolds(model: ReportModel): boolean {
  return model.slo.every((c) => c.holds !== false);
}

/** SLO lines of a design the simulator could not measure (per-endpoint latency): they neither hold nor break. */
export function sloUnmeasured(model: ReportModel): string[] {
  return model.slo.filter((c) => c.holds === null).map((c) => c.label);
}

const rel = (a: number | null, b: number | null) => (a === null || b === null || a === 0 ? null : b / a - 1);

export function diffMarkdown(d: DiffInput): string {
  const a = d.before;
  const b = d.after;
  const sa = a.result.summary;
  const sb = b.result.summary;
  const ba = bottleneckOf(a.result.components);
  const bb = bottleneckOf(b.result.components);
  const satA = ba ? saturationLoad(admittedLoad(a.result), ba.utilization) : null;
  const satB = bb ? saturationLoad(admittedLoad(b.result), bb.utilization) : null;
  const maxA = a.plan?.maxLoadRps ?? null;
  const maxB = b.plan?.maxLoadRps ?? null;
  const costA = a.cost?.monthlyUsd ?? null;
  const costB = b.cost?.monthlyUsd ?? null;
  const pp = (x: number, y: number) => {
    const delta = (y - x) * 100;
    return delta === 0 ? '±0 pp' : `${delta > 0 ? '+' : '−'}${fmtNumber(Math.abs(delta), 3)} pp`;
  };
  const rows: string[][] = [
    [
      'p99 latency',
      fmtLatency(sa.latency.p99S),
      fmtLatency(sb.latency.p99S),
      fmtChange(rel(sa.latency.p99S, sb.latency.p99S)),
    ],
    [
      'p50 latency',
      fmtLatency(sa.latency.p50S),
      fmtLatency(sb.latency.p50S),
      fmtChange(rel(sa.latency.p50S, sb.latency.p50S)),
    ],
    ['Error rate', fmtPercent(sa.errorRate), fmtPercent(sb.errorRate), pp(sa.errorRate, sb.errorRate)],
    [
      'Throughput',
      fmtRps(sa.throughputRps),
      fmtRps(sb.throughputRps),
      fmtChange(rel(sa.throughputRps, sb.throughputRps)),
    ],
    [
      'Bottleneck',
      ba ? `${md(nameOf(a.topology, ba.id))} (${fmtPercent(ba.utilization, 1)})` : '–',
      bb ? `${md(nameOf(b.topology, bb.id))} (${fmtPercent(bb.utilization, 1)})` : '–',
      '',
    ],
    ['Saturation load (bottleneck law)', fmtRps(satA), fmtRps(satB), fmtChange(rel(satA, satB))],
    [
      'Max load within SLO',
      maxA === null ? `n/a (${md(a.planNote)})` : fmtRps(maxA),
      maxB === null ? `n/a (${md(b.planNote)})` : fmtRps(maxB),
      fmtChange(rel(maxA, maxB)),
    ],
    [
      'Monthly cost',
      costA === null ? `n/a (${md(a.costNote)})` : fmtUsd(costA),
      costB === null ? `n/a (${md(b.costNote)})` : fmtUsd(costB),
      costA !== null && costB !== null
        ? costB === costA
          ? '±$0'
          : `${costB > costA ? '+' : '−'}${fmtUsd(Math.abs(costB - costA))}`
        : '–',
    ],
    [
      'Cost per million requests',
      fmtUsd(a.cost?.perMillionUsd ?? null),
      fmtUsd(b.cost?.perMillionUsd ?? null),
      fmtChange(rel(a.cost?.perMillionUsd ?? null, b.cost?.perMillionUsd ?? null)),
    ],
  ];
  const lines = [
    '### Headroom capacity diff',
    '',
    `**Before:** \`${md(d.beforeLabel)}\` (${md(a.topology.name)}) · **After:** \`${md(d.afterLabel)}\` (${md(b.topology.name)})`,
    `Seed ${b.result.seed}, ${fmtNumber(b.result.durationS)} s simulated (warm-up ${fmtNumber(b.result.warmupS)} s)${b.scenario ? `, scenario ${md(b.scenario.name)}` : ''}; both designs see the same random streams.`,
    '',
    '| | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  if (b.slo.length === 0) lines.push(`**SLO:** none given (${md(d.sloSource)}); nothing to check.`);
  else {
    const unmeasured = sloUnmeasured(b);
    const verdict = !sloHolds(b)
      ? '❌ the after design breaks the SLO'
      : unmeasured.length > 0
        ? '⚠️ the SLO could not be checked in full'
        : '✅ the after design meets the SLO';
    lines.push(
      `**SLO** (from ${md(d.sloSource)}): ${verdict}`,
      ...(unmeasured.length > 0
        ? [
            '',
            `> ⚠️ **Not measured:** ${unmeasured.map((u) => md(u)).join('; ')} — the simulator does not measure per-endpoint latency, so ${unmeasured.length === 1 ? 'this term' : 'these terms'} can neither hold nor break here. Check ${unmeasured.length === 1 ? 'it' : 'them'} with \`headroom plan … --analytic\` or drop ${unmeasured.length === 1 ? 'it' : 'them'} from \`--slo\`; the diff exits 2.`,
          ]
        : []),
      '',
      '| Objective | Before | After | |',
      '| --- | ---: | ---: | --- |',
    );
    b.slo.forEach((c, i) => {
      const f = (x: number | null) => (c.measure.type === 'errorRate' ? fmtPercent(x) : fmtLatency(x));
      const before = a.slo[i];
      lines.push(
        `| ${md(c.label)} | ${before ? f(before.actual) : '–'} | ${f(c.actual)} | ${c.holds === null ? 'not measured' : c.holds ? '✅ holds' : '❌ broken'} |`,
      );
    });
  }
  lines.push('');
  return lines.join('\n');
}
