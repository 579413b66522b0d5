import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { baseName, newDocument, openFile, openPath } from '../files.js';
import { listTemplates } from '../../../shared/templates/index.js';
import { useUi } from '../store/ui.js';

const TEMPLATES = listTemplates();

/** New: the six templates, a blank design, Open, and recent files. */
export function StartScreen() {
  const close = () => useUi.getState().set({ startOpen: false });
  const [recent, setRecent] = useState<{ path: string; openedAt: string }[]>([]);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    api['recent.list']({}).then(setRecent, () => setRecent([]));
    ref.current?.querySelector<HTMLElement>('button')?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal start"
        role="dialog"
        aria-modal="true"
        aria-labelledby="start-title"
        ref={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <header>
          <h2 id="start-title">New design</h2>
          <button type="button" className="link" onClick={close} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="start-grid">
          <button
            type="button"
            className="template-card blank"
            onClick={() => void newDocument(null)}
            data-testid="template-blank"
          >
            <strong>Blank design</strong>
            <span>Start from an empty canvas and drag components from the palette.</span>
          </button>
          {TEMPLATES.map((t) => (
            <button
              type="button"
              key={t.id}
              className="template-card"
              onClick={() => void newDocument(t.id)}
              data-testid={`template-${t.id}`}
            >
              <strong>{t.name}</strong>
              <span>{t.description}</span>
            </button>
          ))}
        </div>
        <footer>
          <div>
            <h3>Recent files</h3>
            {recent.length === 0 ? (
              <p className="muted small">No recent files.</p>
            ) : (
              <ul className="recent">
                {recent.slice(0, 8).map((r) => (
                  <li key={r.path}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => void openPath(r.path)}
                      title={r.path}
                    >
                      {baseName(r.path)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="btn" onClick={() => void openFile()}>
            Open file…
          </button>
        </footer>
      </div>
    </div>
  );
}
