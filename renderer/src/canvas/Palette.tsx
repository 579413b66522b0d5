import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { PRESETS } from '../../../shared/presets/index.js';
import type { ComponentKind } from '../../../shared/topology/index.js';
import { KIND_LABEL, PALETTE_KINDS } from '../model/components.js';
import { addComponent } from '../model/edits.js';
import { useDocument } from '../store/document.js';
import { useSelection } from '../store/selection.js';
import { PALETTE_MIME } from './Canvas.js';
import { canvasControls } from './controls.js';
import { freeSpot, positionsOf } from './graph.js';
import { KindIcon } from './icons.js';

/** Adds a component at the centre of the visible canvas (keyboard and click path). */
export function addAtCenter(kind: ComponentKind, preset?: string): void {
  const at = canvasControls()?.center() ?? { x: 0, y: 0 };
  const pos = freeSpot(positionsOf(useDocument.getState().topology), {
    x: Math.round(at.x / 10) * 10,
    y: Math.round(at.y / 10) * 10,
  });
  let added = '';
  useDocument.getState().edit((t) => {
    const r = addComponent(t, kind, pos, preset);
    added = r.id;
    return r.topology;
  });
  if (added) useSelection.getState().select([added]);
}

/** Moves focus between palette items with the arrow keys, Home and End; true when it handled the key. */
function moveFocus(e: KeyboardEvent<HTMLElement>): boolean {
  const items = [
    ...(e.currentTarget.closest('.palette')?.querySelectorAll<HTMLElement>('.palette-item') ?? []),
  ];
  const at = items.indexOf(e.currentTarget);
  const next =
    e.key === 'ArrowDown'
      ? items[Math.min(items.length - 1, at + 1)]
      : e.key === 'ArrowUp'
        ? items[Math.max(0, at - 1)]
        : e.key === 'Home'
          ? items[0]
          : e.key === 'End'
            ? items[items.length - 1]
            : undefined;
  if (!next) return false;
  e.preventDefault();
  next.focus();
  return true;
}

function Item({
  kind,
  preset,
  label,
  title,
  active,
  onActive,
}: {
  kind: ComponentKind;
  preset?: string;
  label: string;
  title: string;
  /** The palette's one Tab stop (roving tabindex: the arrow keys move between items). */
  active: boolean;
  onActive: () => void;
}) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, JSON.stringify({ kind, preset }));
    e.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (moveFocus(e)) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      addAtCenter(kind, preset);
    }
  };
  return (
    <li>
      <div
        className="palette-item"
        role="button"
        tabIndex={active ? 0 : -1}
        onFocus={onActive}
        draggable
        onDragStart={onDragStart}
        onKeyDown={onKeyDown}
        onDoubleClick={() => addAtCenter(kind, preset)}
        aria-label={`Add ${label}`}
        title={title}
        data-testid={`palette-${preset ?? kind}`}
      >
        <KindIcon kind={kind} />
        <span>{label}</span>
      </div>
    </li>
  );
}

/**
 * Component kinds and vendor presets to drag onto the canvas (or add with Enter). The palette is one
 * Tab stop; Arrow Up/Down, Home and End move between its items.
 */
export function Palette() {
  const [active, setActive] = useState<string>(PALETTE_KINDS[0] ?? '');
  return (
    <nav className="palette" aria-label="Component palette">
      <h2>Components</h2>
      <ul>
        {PALETTE_KINDS.map((k) => (
          <Item
            key={k}
            kind={k}
            label={KIND_LABEL[k]}
            title={`Drag onto the canvas, or press Enter to add a ${KIND_LABEL[k].toLowerCase()}`}
            active={active === k}
            onActive={() => setActive(k)}
          />
        ))}
      </ul>
      {PRESETS.length > 0 && (
        <details className="presets" open>
          <summary>Presets</summary>
          <ul>
            {PRESETS.map((p) => (
              <Item
                key={p.id}
                kind={p.kind}
                preset={p.id}
                label={p.name}
                title={`${KIND_LABEL[p.kind]} — ${p.source}`}
                active={active === p.id}
                onActive={() => setActive(p.id)}
              />
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
