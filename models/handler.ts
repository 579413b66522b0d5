/** Compiles a handler's calls: consecutive calls of one group run in parallel; a choice picks at most one. */
import type { Call } from '../shared/topology/index.js';
import { addCall, CompileError, type CompileContext } from './engine/compile-context.js';
import type { CompiledHandler } from './engine/model.js';
import type { Sampler } from './engine/distributions.js';

export function compileCalls(
  ctx: CompileContext,
  calls: readonly Call[] | undefined,
  path: string,
  work: Sampler | null,
  errorProbability: number,
): CompiledHandler {
  const groups: number[][] = [];
  const choices: { calls: number[]; cumulative: number[] }[] = [];
  const choiceIndex = new Map<string, number>();
  let lastGroup: string | undefined;
  (calls ?? []).forEach((call, i) => {
    const p = `${path}.calls[${i}]`;
    const probability = call.probability ?? 1;
    const sync = (call.mode ?? 'sync') === 'sync';
    const sameGroup = call.group !== undefined && call.group === lastGroup && groups.length > 0;
    lastGroup = call.group;
    if (call.choice !== undefined) {
      const k = choiceIndex.get(call.choice);
      const index = addCall(ctx, call, p, { probability: 1, sync });
      if (k !== undefined) {
        const ch = choices[k]!;
        const prev = ch.cumulative[ch.cumulative.length - 1] as number;
        ch.calls.push(index);
        ch.cumulative.push(prev + probability);
        if (prev + probability > 1 + 1e-9)
          throw new CompileError(`${p}.probability`, `choice "${call.choice}" sums to more than 1`);
        return;
      }
      choiceIndex.set(call.choice, choices.length);
      choices.push({ calls: [index], cumulative: [probability] });
      const item = -choices.length;
      if (sameGroup) groups[groups.length - 1]!.push(item);
      else groups.push([item]);
      return;
    }
    const index = addCall(ctx, call, p, { probability, sync });
    if (sameGroup) groups[groups.length - 1]!.push(index);
    else groups.push([index]);
  });
  if (!(errorProbability >= 0 && errorProbability <= 1))
    throw new CompileError(`${path}.errorRate`, 'must be in [0, 1]');
  return { work, errorProbability, choices, groups };
}

/** Handler index per endpoint: the endpoint's own handler, else "*", else -1 (no work, no calls). */
export function handlersByEndpoint(keys: readonly string[], endpointIds: readonly string[]): Int32Array {
  const star = keys.indexOf('*');
  return Int32Array.from(
    endpointIds.map((id) => {
      const k = keys.indexOf(id);
      return k >= 0 ? k : star;
    }),
  );
}
