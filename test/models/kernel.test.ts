import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, Kernel } from '../../models/engine/kernel.js';

describe('event queue', () => {
  it('orders by time, then priority, then scheduling order', () => {
    const q = new EventQueue(16);
    q.push(2, 0, 1, 0, 0);
    q.push(1, 5, 2, 0, 0);
    q.push(1, 1, 3, 0, 0);
    q.push(1, 1, 4, 0, 0);
    q.push(0.5, 9, 5, 0, 0);
    const order: number[] = [];
    while (q.pop()) order.push(q.type);
    expect(order).toEqual([5, 3, 4, 2, 1]);
  });

  it('cancels events anywhere in the heap and keeps the rest in order', () => {
    const q = new EventQueue(4);
    const handles: number[] = [];
    for (let i = 0; i < 200; i++) handles.push(q.push((i * 37) % 101, 0, i, 0, 0));
    for (let i = 0; i < 200; i += 3) q.cancel(handles[i]!);
    const times: number[] = [];
    const types = new Set<number>();
    while (q.pop()) {
      times.push(q.time);
      types.add(q.type);
    }
    expect(times.length).toBe(200 - 67);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (let i = 0; i < 200; i += 3) expect(types.has(i)).toBe(false);
    expect(() => q.cancel(handles[1]!)).toThrow();
  });

  it('peekTime is the earliest pending time, Infinity when empty, through any push/pop/cancel sequence', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = new EventQueue(16);
        /** Pending events of the reference: handle → time. */
        const pending = new Map<number, number>();
        const earliest = () => Math.min(Infinity, ...pending.values());
        for (const o of ops) {
          if (o.kind === 'push') pending.set(q.push(o.time, 0, 1, 0, 0), o.time);
          else if (o.kind === 'pop') {
            const had = pending.size > 0;
            const expected = earliest();
            expect(q.pop()).toBe(had);
            if (had) {
              expect(q.time).toBe(expected);
              const h = [...pending].find(([, t]) => t === expected)![0];
              pending.delete(h);
            }
          } else if (pending.size > 0) {
            const handles = [...pending.keys()];
            const h = handles[o.pick % handles.length]!;
            q.cancel(h);
            pending.delete(h);
          }
          expect(q.peekTime()).toBe(earliest());
          expect(q.length).toBe(pending.size);
        }
      }),
    );
  });

  it('kernel step/peek/runUntil run events in order and advance the clock', () => {
    const seen: [number, number][] = [];
    const handler = { handle: (type: number) => seen.push([kernel.now, type]) };
    const kernel = new Kernel(handler);
    kernel.schedule(3, 0, 30, 0, 0);
    kernel.schedule(1, 0, 10, 0, 0);
    const h = kernel.schedule(2, 0, 20, 0, 0);
    expect(kernel.peek()).toBe(1);
    kernel.cancel(h);
    expect(kernel.step()).toBe(true);
    kernel.runUntil(2.5);
    expect(kernel.now).toBe(2.5);
    kernel.runUntil(10);
    expect(seen).toEqual([
      [1, 10],
      [3, 30],
    ]);
    expect(kernel.step()).toBe(false);
  });
});
