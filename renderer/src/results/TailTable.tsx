import { isTailHop, tailHopSentence, tailPartName } from '../../../shared/results/tail.js';
import { useRunStore } from '../store/run.js';
import { formatMs, formatPercent } from '../ui/format.js';

/** Parts shown (largest excess first); the rest are in the exported report. */
const PARTS = 8;

/** Measured p99 attribution of the finished run: median and above-p99 time per part, the tail hop highlighted. */
export function TailTable() {
  const result = useRunStore((s) => s.result);
  if (!result || result.tailTrace === undefined) return null;
  const a = result.tailAttribution ?? null;
  return (
    <figure className="chart" data-testid="tail-attribution">
      <figcaption>
        <span className="chart-title">Where the tail comes from</span>
        <span className="muted">
          {' '}
          measured{a ? ` · ${a.tailRequests} requests above p99 sampled` : ''} (1 in {result.tailTrace.every})
        </span>
      </figcaption>
      {a === null ? (
        <p className="muted" data-testid="tail-none">
          Too few sampled requests above the p99 or around the median: simulate longer.
        </p>
      ) : (
        <>
          <table className="util-table tail-table">
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col" className="num">
                  Median
                </th>
                <th scope="col" className="num">
                  &gt;p99
                </th>
                <th scope="col" className="num">
                  Share of excess
                </th>
              </tr>
            </thead>
            <tbody>
              {a.parts.slice(0, PARTS).map((p, i) => {
                const hop = isTailHop(p, i);
                const name = tailPartName(p);
                return (
                  <tr key={name} className={hop ? 'hop' : undefined} data-part={name}>
                    <th scope="row" title={name}>
                      {name}
                    </th>
                    <td className="num">{formatMs(p.medianMeanSeconds * 1000)}</td>
                    <td className="num">{formatMs(p.tailMeanSeconds * 1000)}</td>
                    <td className="num">{formatPercent(p.excessShare)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="note" data-testid="tail-sentence">
            {tailHopSentence(a)}
          </p>
        </>
      )}
    </figure>
  );
}
