import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mergeReplications } from '../../models/index.js';
import {
  PreferenceSchemas,
  describeZodError,
  type ApiEvent,
  type ApiEventName,
  type ReportFormat,
  type RunOptions,
  type RunSummary,
} from '../../shared/api/contract.js';
import { TEMPLATE_IDS, getTemplate, type Template } from '../../shared/templates/index.js';
import type { SimulationResult } from '../../shared/results/index.js';
import { parseTopologyText, serializeTopology } from '../../shared/topology/index.js';
import { HEADROOM_VERSION } from '../version.js';
import { ApiError } from './api-error.js';
import type { ApiHandlers } from './dispatch.js';
import { RunCancelled, startRun, type RunHandle } from './runner.js';
import { Store, type RunRow } from './store.js';
import { atomicWriteFile } from './files.js';
import { readTopologyFile } from './topology-files.js';
import { runHeadline } from './headline.js';
import { isEdited, readPricing, writePricing } from './pricing.js';
import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../shared/pricing/index.js';
import { preparePlan } from './plan-job.js';
import { startPlan, type PlanHandle } from './plans.js';
import {
  exportRunReport,
  renderRunReport,
  reportContent,
  storedPlans,
  suggestedReportName,
} from '../report/from-run.js';

/** What only a desktop host can do; the web host has none of it. */
export interface HostHooks {
  /** Native open dialog for a topology file; resolves with its path, or null when cancelled. */
  openDialog(): Promise<string | null>;
  /** Native save dialog; resolves with the chosen path, or null when cancelled. */
  saveDialog(suggestedName: string): Promise<string | null>;
  /** Window title and the unsaved-changes marker. */
  setTitle(title: string, dirty: boolean): void;
  /** HTML → PDF bytes with the host's own engine (Electron: webContents.printToPDF); else headless Chromium. */
  printToPdf?(html: string, title: string): Promise<Uint8Array>;
  /** Save dialog filtered to a report format; resolves with the path, or null when cancelled (else saveDialog). */
  saveReportDialog?(suggestedName: string, format: ReportFormat): Promise<string | null>;
  /** Hands over (once) the file the OS asked to open before the page listened; null when none. */
  takePendingOpen?(): { path: string; text: string } | null;
}

export interface ServicesOptions {
  dataDir: string;
  host: 'electron' | 'web';
  hooks?: HostHooks;
  nativeBinding?: string;
  /** Worker threads per run (default: one per core). */
  maxWorkers?: number;
}

export interface Services {
  readonly handlers: ApiHandlers;
  readonly store: Store;
  /** Subscribes to API events; returns the unsubscribe function. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void): () => void;
  /** Resolves when every active run has ended (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const toSummary = (row: RunRow): RunSummary => ({
  id: row.id,
  name: row.name,
  status: row.status,
  createdAt: row.createdAt,
  seed: row.seed,
  headline: row.headline,
  error: row.error,
});

/** main's services, independent of the host that exposes them (Electron IPC or the web host). */
export function createServices(options: ServicesOptions): Services {
  const store = new Store({ dataDir: options.dataDir, nativeBinding: options.nativeBinding });
  store.failInterruptedRuns();
  const emitter = new EventEmitter();
  const active = new Map<string, { handle: RunHandle; finished: Promise<void> }>();
  const activePlans = new Map<string, { handle: PlanHandle; finished: Promise<void> }>();
  store.failInterruptedPlans();

  const emit = <E extends ApiEventName>(event: E, payload: ApiEvent<E>) => emitter.emit(event, payload);

  const requireHooks = (what: string): HostHooks => {
    if (!options.hooks) throw new ApiError(`${what} is only available in the desktop app`, 'not-found');
    return options.hooks;
  };

  const requireRun = (runId: string): RunRow => {
    const row = store.getRun(runId);
    if (!row) throw new ApiError(`no run with id ${runId}`, 'not-found');
    return row;
  };

  const handlers: ApiHandlers = {
    async 'app.info'() {
      return {
        version: HEADROOM_VERSION,
        host: options.host,
        dataDir: options.dataDir,
        nativeDialogs: Boolean(options.hooks),
      };
    },

    async 'templates.list'() {
      return TEMPLATE_IDS.map((id) => {
        const t = getTemplate(id) as Template;
        return { id, name: t.name, description: t.description, text: serializeTopology(t.topology) };
      });
    },

    async 'files.openDialog'() {
      const path = await requireHooks('opening files with a dialog').openDialog();
      if (path === null) return null;
      const opened = await readTopologyFile(path);
      store.touchRecent(opened.path);
      return opened;
    },

    async 'files.saveDialog'({ suggestedName }) {
      const path = await requireHooks('saving files with a dialog').saveDialog(suggestedName);
      return path === null
        ? null
        : { path: path.endsWith('.headroom.json') ? path : `${path.replace(/\.json$/, '')}.headroom.json` };
    },

    async 'files.read'({ path }) {
      const opened = await readTopologyFile(path);
      store.touchRecent(opened.path);
      return opened;
    },

    async 'files.save'({ path, text }) {
      try {
        atomicWriteFile(path, text);
      } catch (error) {
        throw new ApiError(`could not save ${path}: ${(error as Error).message}`, 'failed');
      }
      store.touchRecent(path);
      return { path };
    },

    async 'files.pendingOpen'() {
      return options.hooks?.takePendingOpen?.() ?? null;
    },

    async 'recent.list'() {
      return store.listRecent();
    },

    async 'autosave.put'({ text, filePath }) {
      return { savedAt: store.putAutosave(text, filePath) };
    },

    async 'autosave.take'() {
      return store.getAutosave();
    },

    async 'autosave.clear'() {
      store.clearAutosave();
      return { ok: true as const };
    },

    async 'preferences.get'({ key }) {
      const value = store.getPreference<unknown>(key);
      return value === undefined || !PreferenceSchemas[key].safeParse(value).success ? null : value;
    },

    async 'preferences.set'({ key, value }) {
      const parsed = PreferenceSchemas[key].safeParse(value);
      if (!parsed.success) throw new ApiError(`preferences.set: value: ${describeZodError(parsed.error)}`);
      store.setPreference(key, parsed.data);
      return { ok: true as const };
    },

    async 'window.setTitle'({ title, dirty }) {
      options.hooks?.setTitle(title, dirty);
      return { ok: true as const };
    },

    async 'topology.validate'({ text }) {
      const parsed = parseTopologyText(text);
      return parsed.ok
        ? { ok: true, errors: [], warnings: parsed.warnings }
        : { ok: false, errors: parsed.errors, warnings: parsed.warnings };
    },

    async 'runs.start'({ topologyText, options: runOptions, name }) {
      const parsed = parseTopologyText(topologyText);
      if (!parsed.ok) {
        const first = parsed.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`);
        throw new ApiError(`the topology is not valid: ${first.join('; ')}`);
      }
      const opts = runOptions as RunOptions;
      const runId = randomUUID();
      const runName = name ?? `${parsed.topology.name} — seed ${opts.seed}`;
      store.insertRun({
        id: runId,
        name: runName,
        seed: opts.seed,
        optionsJson: JSON.stringify(opts),
        topologyText,
      });
      const handle = startRun(topologyText, opts, (p) => emit('run.progress', { runId, ...p }), {
        maxWorkers: options.maxWorkers,
      });
      const finished = handle.done
        .then(
          (results) => {
            const merged = mergeReplications(results as SimulationResult[]);
            store.finishRun(runId, {
              status: 'done',
              headline: runHeadline(parsed.topology, merged, readPricing(store.db), opts.scenario),
              resultJson: JSON.stringify(merged),
            });
            emit('run.finished', { runId, status: 'done', error: null });
          },
          (error: Error) => {
            const status = error instanceof RunCancelled ? 'cancelled' : 'failed';
            const message = status === 'cancelled' ? null : error.message;
            store.finishRun(runId, { status, error: message ?? undefined });
            emit('run.finished', { runId, status, error: message });
          },
        )
        .finally(() => active.delete(runId));
      active.set(runId, { handle, finished });
      return { runId };
    },

    async 'runs.cancel'({ runId }) {
      const run = active.get(runId);
      if (!run) return { cancelled: false };
      run.handle.cancel();
      await run.finished;
      return { cancelled: true };
    },

    async 'runs.list'({ limit }) {
      return store.listRuns(limit).map(toSummary);
    },

    async 'runs.get'({ runId }) {
      const row = requireRun(runId);
      return {
        ...toSummary(row),
        options: JSON.parse(row.optionsJson) as unknown,
        topologyText: row.topologyText,
        result: row.resultJson ? (JSON.parse(row.resultJson) as unknown) : null,
      };
    },

    async 'runs.rename'({ runId, name }) {
      requireRun(runId);
      store.renameRun(runId, name);
      return { ok: true as const };
    },

    async 'plans.start'(request) {
      const prepared = preparePlan(request);
      const planId = randomUUID();
      const { topologyText, ...settings } = request;
      store.insertPlan({
        id: planId,
        kind: request.kind,
        designName: prepared.topology.name,
        topologyText,
        requestJson: JSON.stringify(settings),
      });
      const handle = startPlan(
        prepared.request,
        readPricing(store.db),
        (p) => emit('plan.progress', { planId, ...p }),
        { maxWorkers: options.maxWorkers },
      );
      const finished = handle.done
        .then(
          ({ outcome, slo }) => {
            store.finishPlan(planId, { status: 'done', slo, resultJson: JSON.stringify(outcome.result) });
            emit('plan.finished', { planId, status: 'done', error: null });
          },
          (error: Error) => {
            const status = error instanceof RunCancelled ? 'cancelled' : 'failed';
            const message = status === 'failed' ? error.message : null;
            store.finishPlan(planId, { status, ...(message !== null ? { error: message } : {}) });
            emit('plan.finished', { planId, status, error: message });
          },
        )
        .finally(() => activePlans.delete(planId));
      activePlans.set(planId, { handle, finished });
      return { planId };
    },

    async 'plans.cancel'({ planId }) {
      const plan = activePlans.get(planId);
      if (!plan) return { cancelled: false };
      plan.handle.cancel();
      await plan.finished;
      return { cancelled: true };
    },

    async 'plans.get'({ planId }) {
      const plan = store.getPlan(planId);
      if (!plan) throw new ApiError(`no plan with id ${planId}`, 'not-found');
      return {
        planId,
        kind: plan.kind,
        status: plan.status,
        slo: plan.slo,
        result: plan.resultJson ? (JSON.parse(plan.resultJson) as unknown) : null,
        error: plan.error,
      };
    },

    async 'pricing.list'() {
      const catalog = readPricing(store.db);
      return { catalog, edited: isEdited(catalog) };
    },

    async 'pricing.update'({ catalog, reset }) {
      writePricing(store.db, reset ? DEFAULT_PRICING_CATALOG : (catalog as PricingCatalog));
      const stored = readPricing(store.db);
      return { catalog: stored, edited: isEdited(stored) };
    },

    async 'runs.delete'({ runId }) {
      if (active.has(runId)) throw new ApiError('the run is still going: stop it before deleting it');
      if (!store.deleteRun(runId)) throw new ApiError(`no run with id ${runId}`, 'not-found');
      return { ok: true as const };
    },

    async 'reports.render'({ runId, author }) {
      const o = {
        ...(author !== undefined ? { author } : {}),
        catalog: readPricing(store.db),
        plans: storedPlans(store),
      };
      return { html: renderRunReport(requireRun(runId), o) };
    },

    async 'reports.content'({ runId, format, author }) {
      const o = {
        ...(author !== undefined ? { author } : {}),
        catalog: readPricing(store.db),
        plans: storedPlans(store),
      };
      return { files: reportContent(requireRun(runId), format, o) };
    },

    async 'reports.export'({ runId, format, path, author }) {
      const run = requireRun(runId);
      let target = path;
      if (target === undefined) {
        const hooks = requireHooks('choosing where to save a report');
        const name = suggestedReportName(run, format);
        const chosen = hooks.saveReportDialog
          ? await hooks.saveReportDialog(name, format)
          : await hooks.saveDialog(name);
        if (chosen === null) return { paths: [] };
        target = chosen.toLowerCase().endsWith(`.${format}`) ? chosen : `${chosen}.${format}`;
      }
      const printPdf = options.hooks?.printToPdf?.bind(options.hooks);
      return exportRunReport(run, {
        format,
        path: target,
        catalog: readPricing(store.db),
        plans: storedPlans(store),
        ...(author !== undefined ? { author } : {}),
        ...(printPdf ? { printPdf } : {}),
      });
    },
  };

  const idle = async () => {
    await Promise.all([...active.values(), ...activePlans.values()].map((r) => r.finished));
  };

  return {
    handlers,
    store,
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    idle,
    async close() {
      for (const r of active.values()) r.handle.cancel();
      for (const p of activePlans.values()) p.handle.cancel();
      await idle();
      store.close();
    },
  };
}
