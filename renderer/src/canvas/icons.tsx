import type { ComponentKind } from '../../../shared/topology/index.js';

/** SVG paths (24×24, stroked) of each kind's icon. */
const PATHS: Record<ComponentKind, string> = {
  source: 'M4 6h16M4 12h10M4 18h13M17 9l4 3-4 3',
  gateway: 'M12 3l8 4v5c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V7l8-4zM9 12l2 2 4-4',
  loadBalancer: 'M4 12h5M9 12l6-6h5M9 12l6 6h5M15 12h5',
  service: 'M4 5h16v5H4zM4 14h16v5H4zM7 7.5h.01M7 16.5h.01',
  cache: 'M13 3L5 13h6l-1 8 8-10h-6l1-8z',
  database:
    'M5 6c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3zM5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3',
  queue: 'M3 8h4v8H3zM10 8h4v8h-4zM17 8h4v8h-4z',
  autoscaler: 'M4 20V14M9 20V10M14 20V6M19 20V3M16 6l3-3 3 3',
  serverless: 'M5 20L11 4h2l6 16M8 13h8',
  external:
    'M12 3a9 9 0 100 18 9 9 0 000-18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z',
};

/** The icon of a component kind. */
export function KindIcon({ kind, size = 16 }: { kind: ComponentKind; size?: number }) {
  return (
    <svg
      className={`kind-icon icon-${kind}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[kind]} />
    </svg>
  );
}
