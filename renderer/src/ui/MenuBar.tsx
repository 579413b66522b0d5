import { useEffect, useRef, useState } from 'react';
import { runCommand, SHORTCUTS, type Command } from '../commands.js';

interface MenuDef {
  label: string;
  items: ([Command, string] | 'sep')[];
}

const MENUS: MenuDef[] = [
  {
    label: 'File',
    items: [
      ['file.new', 'New…'],
      ['file.open', 'Open…'],
      'sep',
      ['file.save', 'Save'],
      ['file.saveAs', 'Save As…'],
      'sep',
      ['file.exportReport', 'Export report…'],
    ],
  },
  {
    label: 'Edit',
    items: [
      ['edit.undo', 'Undo'],
      ['edit.redo', 'Redo'],
      'sep',
      ['edit.cut', 'Cut'],
      ['edit.copy', 'Copy'],
      ['edit.paste', 'Paste'],
      ['edit.duplicate', 'Duplicate'],
      ['edit.delete', 'Delete'],
      'sep',
      ['edit.selectAll', 'Select all'],
    ],
  },
  {
    label: 'View',
    items: [
      ['view.fit', 'Fit to window'],
      ['view.zoomIn', 'Zoom in'],
      ['view.zoomOut', 'Zoom out'],
      ['view.autoLayout', 'Auto-layout'],
      'sep',
      ['view.togglePalette', 'Toggle palette'],
      ['view.toggleSide', 'Toggle side panel'],
      ['view.toggleTheme', 'Switch theme'],
    ],
  },
  {
    label: 'Simulation',
    items: [
      ['simulation.run', 'Start simulation'],
      ['simulation.stop', 'Stop simulation'],
      ['simulation.plan', 'Plan…'],
      'sep',
      ['simulation.prices', 'Price Catalog…'],
    ],
  },
];

/** The in-app menu bar: the same commands as the native menu, with their shortcuts. */
export function MenuBar() {
  const [open, setOpen] = useState<number | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open === null) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', onDown);
    ref.current?.querySelector<HTMLElement>(`#menu-${open} [role="menuitem"]`)?.focus();
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div className="menubar" role="menubar" aria-label="Main menu" ref={ref}>
      {MENUS.map((m, i) => (
        <div className="menu" key={m.label}>
          <button
            type="button"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open === i}
            className={`menu-button${open === i ? ' open' : ''}`}
            onClick={() => setOpen(open === i ? null : i)}
            onMouseEnter={() => open !== null && setOpen(i)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setOpen(i);
              }
              if (e.key === 'ArrowRight')
                (
                  e.currentTarget.parentElement?.nextElementSibling?.querySelector(
                    'button',
                  ) as HTMLElement | null
                )?.focus();
              if (e.key === 'ArrowLeft')
                (
                  e.currentTarget.parentElement?.previousElementSibling?.querySelector(
                    'button',
                  ) as HTMLElement | null
                )?.focus();
            }}
          >
            {m.label}
          </button>
          {open === i && (
            <div
              className="menu-popup"
              role="menu"
              id={`menu-${i}`}
              aria-label={m.label}
              onKeyDown={(e) => {
                const items = [
                  ...(e.currentTarget.querySelectorAll('[role="menuitem"]') as NodeListOf<HTMLElement>),
                ];
                const at = items.indexOf(document.activeElement as HTMLElement);
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  items[(at + 1) % items.length]?.focus();
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  items[(at - 1 + items.length) % items.length]?.focus();
                } else if (e.key === 'Escape') {
                  setOpen(null);
                  (ref.current?.querySelectorAll('.menu-button')[i] as HTMLElement | undefined)?.focus();
                }
              }}
            >
              {m.items.map((item, j) =>
                item === 'sep' ? (
                  <div key={j} className="menu-sep" role="separator" />
                ) : (
                  <button
                    key={item[0]}
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    onClick={() => {
                      setOpen(null);
                      void runCommand(item[0]);
                    }}
                  >
                    <span>{item[1]}</span>
                    <kbd>{SHORTCUTS[item[0]] ?? ''}</kbd>
                  </button>
                ),
              )}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
