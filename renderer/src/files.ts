import { parseTopologyText, serializeTopology, type Topology } from '../../shared/topology/index.js';
import { getTemplate } from '../../shared/templates/index.js';
import { api } from './api/client.js';
import { usePlanner } from './planner/store.js';
import { blankTopology, isDirty, useDocument } from './store/document.js';
import { useSelection } from './store/selection.js';
import { useUi } from './store/ui.js';

/** Asks the canvas to fit a newly loaded document once its nodes are measured. */
const fitSoon = () => useUi.getState().set({ fitRequest: useUi.getState().fitRequest + 1 });

/**
 * After the document is replaced: the canvas fits it, and a finished plan of the previous design
 * stops being shown (its figures would read as this design's; a plan still running carries on).
 */
function afterReplace(): void {
  useSelection.getState().select([]);
  const plan = usePlanner.getState();
  if (plan.phase !== 'running' && plan.phase !== 'starting')
    usePlanner.setState({
      phase: 'idle',
      planId: null,
      planKind: null,
      outcome: null,
      slo: null,
      error: null,
    });
  fitSoon();
}

/** Whether the host has native file dialogs (Electron); the browser uses a file input and downloads. */
let nativeDialogs: boolean | null = null;
async function hasNativeDialogs(): Promise<boolean> {
  if (nativeDialogs === null) {
    try {
      nativeDialogs = (await api['app.info']({})).nativeDialogs;
    } catch {
      nativeDialogs = false;
    }
  }
  return nativeDialogs;
}

/** File name shown for a path ("orders.headroom.json"). */
export const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Suggested file name for the document. */
export function suggestedName(t: Topology): string {
  const slug = t.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'design'}.headroom.json`;
}

/** The answer to "Save changes to X?". */
export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/** Resolves the unsaved-changes prompt being shown, or null when none is. */
let answerPending: ((choice: UnsavedChoice) => void) | null = null;

/** Answers the unsaved-changes prompt (its buttons and Escape call this). */
export function answerUnsaved(choice: UnsavedChoice): void {
  const answer = answerPending;
  answerPending = null;
  useUi.getState().set({ unsavedPrompt: null });
  answer?.(choice);
}

/**
 * The one guard before the document is replaced (new, open, open recent, a template, a file the OS
 * opens, recovery): a clean document passes; a dirty one asks "Save changes to X?" — Save (passes only
 * once saved), Don't Save (passes), Cancel (stops). Resolves true when the document may be replaced.
 */
export async function confirmReplace(): Promise<boolean> {
  const doc = useDocument.getState();
  if (!isDirty(doc)) return true;
  if (answerPending) return false;
  const name = doc.filePath ? baseName(doc.filePath) : doc.topology.name;
  const choice = await new Promise<UnsavedChoice>((resolve) => {
    answerPending = resolve;
    useUi.getState().set({ unsavedPrompt: { name } });
  });
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  await save();
  return !isDirty(useDocument.getState());
}

/**
 * Loads file text into the document. A file that fails to parse shows its problems and leaves
 * the current document untouched; a valid one replaces it once the unsaved-changes guard passes
 * (`dirty`: the loaded version counts as unsaved, as recovered work does). Returns true when the
 * document was replaced.
 */
export async function loadText(
  text: string,
  path: string | null,
  name: string,
  opts: { dirty?: boolean } = {},
): Promise<boolean> {
  const r = parseTopologyText(text);
  if (!r.ok) {
    useUi.getState().set({ openFailure: { name, errors: r.errors } });
    return false;
  }
  if (!(await confirmReplace())) return false;
  useDocument.getState().replace(r.topology, path, { dirty: opts.dirty });
  useUi.getState().set({ openFailure: null, startOpen: false, message: `Opened ${name}` });
  afterReplace();
  return true;
}

/** Starts a new document from a template id, or blank, once the unsaved-changes guard passes. */
export async function newDocument(templateId: string | null): Promise<void> {
  const t = templateId ? getTemplate(templateId)?.topology : blankTopology();
  if (!t) return;
  if (!(await confirmReplace())) return;
  useDocument.getState().replace(t, null);
  useUi
    .getState()
    .set({ startOpen: false, message: templateId ? `New design from “${t.name}”` : 'New blank design' });
  afterReplace();
}

/** Opens a file by path (recent files, OS open requests). */
export async function openPath(path: string): Promise<void> {
  try {
    const f = await api['files.read']({ path });
    await loadText(f.text, f.path, baseName(f.path));
  } catch (e) {
    useUi.getState().set({
      openFailure: {
        name: baseName(path),
        errors: [{ path: '', message: (e as Error).message, severity: 'error' }],
      },
    });
  }
}

/** The hidden file input of the browser build (rendered by the app). */
export const FILE_INPUT_ID = 'open-file-input';

/** Open: the native dialog, or the browser's file picker. */
export async function openFile(): Promise<void> {
  if (await hasNativeDialogs()) {
    const f = await api['files.openDialog']({});
    if (f) await loadText(f.text, f.path, baseName(f.path));
    return;
  }
  (document.getElementById(FILE_INPUT_ID) as HTMLInputElement | null)?.click();
}

/** Reads a file the user picked in the browser. */
export async function openPickedFile(file: File): Promise<void> {
  await loadText(await file.text(), null, file.name);
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save: atomically to the known path, else like Save As. */
export async function save(): Promise<void> {
  const { topology, filePath } = useDocument.getState();
  if (filePath) {
    try {
      const r = await api['files.save']({ path: filePath, text: serializeTopology(topology) });
      useDocument.getState().markSaved(r.path);
      useUi.getState().set({ message: `Saved ${baseName(r.path)}` });
    } catch (e) {
      useUi.getState().set({ message: `Save failed: ${(e as Error).message}` });
    }
    return;
  }
  await saveAs();
}

/** Save As: the native dialog and an atomic save, or a download in the browser. */
export async function saveAs(): Promise<void> {
  const { topology } = useDocument.getState();
  const text = serializeTopology(topology);
  if (await hasNativeDialogs()) {
    const target = await api['files.saveDialog']({ suggestedName: suggestedName(topology) });
    if (!target) return;
    try {
      const r = await api['files.save']({ path: target.path, text });
      useDocument.getState().markSaved(r.path);
      useUi.getState().set({ message: `Saved ${baseName(r.path)}` });
    } catch (e) {
      useUi.getState().set({ message: `Save failed: ${(e as Error).message}` });
    }
    return;
  }
  download(text, suggestedName(topology));
  useDocument.getState().markSaved(null);
  useUi.getState().set({ message: `Downloaded ${suggestedName(topology)}` });
}
