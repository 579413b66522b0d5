import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { api } from '../api/client.js';
import type { ReportFormat } from '../../../shared/api/contract.js';

export interface ExportReportDialogProps {
  /** Id of a finished run (status "done"). */
  runId: string;
  /** Author shown on the report (editable in the dialog). */
  author?: string;
  onClose(): void;
}

const FORMATS: { id: ReportFormat; label: string; hint: string }[] = [
  { id: 'html', label: 'HTML', hint: 'one self-contained file: opens anywhere, prints well' },
  { id: 'pdf', label: 'PDF', hint: 'A4 pages with page numbers' },
  { id: 'csv', label: 'CSV', hint: 'three files: time series, components, p99 attribution' },
  { id: 'json', label: 'JSON', hint: 'the full result with the report’s derived figures' },
];

/** Debounce of preview refreshes while the author is typed, ms. */
const PREVIEW_DELAY_MS = 350;

const styles: Record<string, CSSProperties> = {
  modal: { width: 'min(1100px, 94vw)', height: 'min(820px, 92vh)', display: 'flex', flexDirection: 'column' },
  body: { display: 'flex', gap: 16, flex: 1, minHeight: 0 },
  preview: { flex: 1, minWidth: 0, border: '1px solid #cbd5e1', borderRadius: 6, background: '#fff' },
  side: { width: 250, display: 'flex', flexDirection: 'column', gap: 10, fontSize: 13 },
  option: { display: 'flex', gap: 8, alignItems: 'flex-start', cursor: 'pointer' },
  hint: { display: 'block', fontSize: 11.5, opacity: 0.75 },
  /** A long hint must not squeeze the radio button. */
  radio: { flexShrink: 0 },
  status: { fontSize: 12.5, minHeight: 18, overflowWrap: 'anywhere' },
  error: { color: '#b91c1c' },
};

/** Saves text as a file through the browser's download. */
function download(name: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * File → Export Report…: a live preview of the run's capacity report (sandboxed iframe, no scripts)
 * and an export in HTML, PDF, CSV or JSON. The desktop app asks where to save with its native
 * dialog; the browser downloads (PDF there: export HTML and print it, or use the desktop app).
 */
export function ExportReportDialog({ runId, author: initialAuthor = '', onClose }: ExportReportDialogProps) {
  const [author, setAuthor] = useState(initialAuthor);
  const [format, setFormat] = useState<ReportFormat>('html');
  const [html, setHtml] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api['app.info']({}).then(
      (info) => setNativeDialogs(info.nativeDialogs),
      () => setNativeDialogs(false),
    );
    ref.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api['reports.render']({ runId, ...(author.trim() ? { author: author.trim() } : {}) }).then(
        (r) => {
          if (!live) return;
          setHtml(r.html);
          setPreviewError(null);
        },
        (e: Error) => live && setPreviewError(e.message),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [runId, author]);

  const pdfInBrowser = nativeDialogs === false && format === 'pdf';

  const exportReport = async () => {
    setBusy(true);
    setStatus(null);
    const who = author.trim() ? { author: author.trim() } : {};
    try {
      if (nativeDialogs) {
        const { paths } = await api['reports.export']({ runId, format, ...who });
        setStatus({ text: paths.length ? `Saved ${paths.join(', ')}` : 'Cancelled.', error: false });
      } else if (format !== 'pdf') {
        const { files } = await api['reports.content']({ runId, format, ...who });
        for (const f of files) download(f.name, f.mimeType, f.text);
        setStatus({ text: `Downloaded ${files.map((f) => f.name).join(', ')}`, error: false });
      }
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal export-report"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-report-title"
        style={styles.modal}
        ref={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <header>
          <h2 id="export-report-title">Export report</h2>
          <button type="button" className="link" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div style={styles.body}>
          {previewError ? (
            <p role="alert" style={{ ...styles.preview, ...styles.error, padding: 16 }}>
              {previewError}
            </p>
          ) : html === null ? (
            <p style={{ ...styles.preview, padding: 16 }}>Preparing the preview…</p>
          ) : (
            <iframe title="Report preview" sandbox="" srcDoc={html} style={styles.preview} />
          )}
          <div style={styles.side}>
            <label>
              Author
              <input
                type="text"
                value={author}
                maxLength={200}
                onChange={(e) => setAuthor(e.target.value)}
                placeholder="Name on the report"
                style={{ width: '100%', marginTop: 4 }}
              />
            </label>
            <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'grid', gap: 8 }}>
              <legend style={{ marginBottom: 6 }}>Format</legend>
              {FORMATS.map((f) => (
                <label key={f.id} style={styles.option}>
                  <input
                    type="radio"
                    style={styles.radio}
                    name="report-format"
                    value={f.id}
                    checked={format === f.id}
                    onChange={() => setFormat(f.id)}
                  />
                  <span>
                    {f.label}
                    <span style={styles.hint}>{f.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {pdfInBrowser && (
              <p style={styles.hint}>
                The browser cannot write a PDF here: export HTML and print it to PDF, use the desktop app, or
                run <code>headroom report file.headroom.json --out report.pdf</code>.
              </p>
            )}
            <button
              type="button"
              className="btn primary"
              disabled={busy || html === null || pdfInBrowser || nativeDialogs === null}
              onClick={() => void exportReport()}
            >
              {busy ? 'Exporting…' : nativeDialogs ? 'Export…' : 'Download'}
            </button>
            <p role="status" style={{ ...styles.status, ...(status?.error ? styles.error : {}) }}>
              {status?.text ?? ''}
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}
