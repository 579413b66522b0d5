/** Wording of the measured tail attribution (CLI, report, app). */
import type { MeasuredTailAttribution, MeasuredTailPart, TailPartLabel } from './index.js';

/** A part's name: "db (local)", "network gw → svc", "retries gw → svc". */
export function tailPartName(p: TailPartLabel): string {
  if (p.kind === 'local') return `${p.component} (local)`;
  return `${p.kind === 'network' ? 'network' : 'retries'} ${p.call ?? p.component}`;
}

/** Whether part `p`, at index `i` of the parts (largest excess first), is the hop that makes the tail. */
export function isTailHop(p: MeasuredTailPart, i: number): boolean {
  return i === 0 && p.excessSeconds > 0;
}

/** One sentence naming the hop that makes the tail, with its share of the excess. */
export function tailHopSentence(a: MeasuredTailAttribution): string {
  const h = a.tailHop;
  const ms = (s: number) => `${(s * 1000).toFixed(2)} ms`;
  if (h === null || a.tailMeanSeconds - a.medianMeanSeconds <= 0)
    return `Requests above p99 take no longer than median ones in the ${a.sampledRequests} sampled requests.`;
  return (
    `${tailPartName(h)} makes the tail: ${(h.excessShare * 100).toFixed(0)}% of the ${ms(a.tailMeanSeconds - a.medianMeanSeconds)} ` +
    `by which requests above p99 (${a.tailRequests} sampled, mean ${ms(a.tailMeanSeconds)}) exceed median ones (mean ${ms(a.medianMeanSeconds)}).`
  );
}
