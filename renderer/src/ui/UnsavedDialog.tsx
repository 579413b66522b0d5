import { useEffect, useRef } from 'react';
import { answerUnsaved } from '../files.js';
import { useUi } from '../store/ui.js';

/** Keeps Tab and Shift+Tab inside a dialog (wraps from the last focusable element to the first). */
export function trapTab(e: React.KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Tab') return;
  const items = [
    ...e.currentTarget.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex="0"]'),
  ].filter((el) => !el.hasAttribute('disabled'));
  if (items.length === 0) return;
  const first = items[0] as HTMLElement;
  const last = items[items.length - 1] as HTMLElement;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/** "Save changes to X?" before the document is replaced: Save, Don't Save, Cancel (Escape). */
export function UnsavedDialog() {
  const prompt = useUi((s) => s.unsavedPrompt);
  const saveRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (prompt) saveRef.current?.focus();
  }, [prompt]);
  if (!prompt) return null;
  return (
    <div className="modal-backdrop unsaved-backdrop">
      <div
        className="modal unsaved"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="unsaved-title"
        aria-describedby="unsaved-text"
        data-testid="unsaved-prompt"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            answerUnsaved('cancel');
          }
          trapTab(e);
        }}
      >
        <header>
          <h2 id="unsaved-title">Save changes to {prompt.name}?</h2>
        </header>
        <p id="unsaved-text">Your changes will be lost if you don’t save them.</p>
        <footer className="unsaved-actions">
          <button type="button" className="btn" onClick={() => answerUnsaved('discard')}>
            Don’t Save
          </button>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => answerUnsaved('cancel')}>
            Cancel
          </button>
          <button type="button" className="btn primary" ref={saveRef} onClick={() => answerUnsaved('save')}>
            Save
          </button>
        </footer>
      </div>
    </div>
  );
}
