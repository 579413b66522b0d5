import type { DragEvent, KeyboardEvent } from 'react';
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

function Item({
  kind,
  preset,
  label,
  title,
}: {
  kind: ComponentKind;
  preset?: string;
  label: string;
  title: string;
}) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, JSON.stringify({ kind, preset }));
    e.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (e: KeyboardEvent) => {
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
        tabIndex={0}
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

/** Component kinds and vendor presets to drag onto the canvas (or add with Enter). */
export function Palette() {
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
              />
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
