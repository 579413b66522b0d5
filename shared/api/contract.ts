import { z } from 'zod';
import { PricingCatalogSchema } from '../pricing/index.js';
import { AdjustableSchema } from '../topology/schema.js';

/** Bounded id: runs and documents are named by these. */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');

/** Largest topology text accepted over the API, in characters (a hostile renderer cannot exhaust main). */
export const MAX_TOPOLOGY_CHARS = 2_000_000;

export const RunOptionsSchema = z
  .object({
    /** Seed of the run's random streams (same seed + same file → identical results). */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    /** Simulated seconds, warm-up included. */
    durationS: z
      .number()
      .positive()
      .max(7 * 24 * 3600),
    /** Simulated seconds discarded at the start. */
    warmupS: z
      .number()
      .min(0)
      .max(24 * 3600),
    /** Independent replications (run in parallel worker threads). */
    replications: z.number().int().min(1).max(64),
    /** Scenario id from the topology's scenarios; omitted = the first one. */
    scenario: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((o) => o.warmupS < o.durationS, { message: 'must be shorter than durationS', path: ['warmupS'] });
export type RunOptions = z.infer<typeof RunOptionsSchema>;

/** One window of the live series (a few figures per window; the full series is fetched by run id). */
export const WindowPointSchema = z.object({
  /** Window start, simulated seconds. */
  startS: z.number(),
  /** Completed requests per second. */
  throughputRps: z.number(),
  /** Arrivals per second. */
  offeredRps: z.number(),
  /** Failed requests per second. */
  errorRps: z.number(),
  /** Latency percentiles in the window, milliseconds (null when no request completed). */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type WindowPoint = z.infer<typeof WindowPointSchema>;

export const RunStatusSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunSummarySchema = z.object({
  id: Id,
  name: z.string(),
  status: RunStatusSchema,
  /** ISO 8601 wall-clock time the run started. */
  createdAt: z.string(),
  seed: z.number(),
  /** Headline figures once done (null while running or after a failure). */
  headline: z
    .object({
      throughputRps: z.number(),
      errorRate: z.number(),
      /** Latency of successful requests, milliseconds (null when none completed). */
      p50Ms: z.number().nullable(),
      p99Ms: z.number().nullable(),
      meanMs: z.number().nullable(),
      /** Analytic max load of the run's design (bottleneck law), req/s; null when unbounded; absent in older runs. */
      maxLoadRps: z.number().nullable().optional(),
      /** Monthly cost of the run's simulated usage with the app's pricing catalog, USD; absent in older runs. */
      costPerMonthUsd: z.number().optional(),
    })
    .nullable(),
  error: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunDetailSchema = RunSummarySchema.extend({
  options: z.unknown(),
  topologyText: z.string(),
  /** The full result as produced by the engine (JSON). */
  result: z.unknown().nullable(),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const IssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type ApiIssue = z.infer<typeof IssueSchema>;

const TopologyText = z.string().min(1).max(MAX_TOPOLOGY_CHARS);

/** An absolute path of a topology file (`*.headroom.json`); main refuses any other file. */
const TopologyPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.endsWith('.headroom.json'), { message: 'must be a .headroom.json file' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), { message: 'must be an absolute path' });

const OpenedFile = z.object({ path: z.string(), text: z.string() });

/** Settings every simulated plan shares: the design, the SLO, and how each trial is simulated. */
const planCommon = {
  topologyText: TopologyText,
  /** SLO terms, e.g. "p99<=300ms,errors<=0.1%"; omitted = the design's own `slo`. */
  slo: z.string().min(1).max(500).optional(),
  /** Scenario id whose load factor applies; omitted = the first. */
  scenario: z.string().min(1).max(64).optional(),
  /** Seed of every trial (common random numbers across trials). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** Independent replications per trial (worker threads, merged exactly). */
  replications: z.number().int().min(1).max(64),
  /** Arrivals per replication (sets each trial's duration from its load; 10% warm-up). */
  requests: z.number().int().min(100).max(10_000_000),
};
/** Search limits of max-load and growth. */
const planSearch = {
  /** Stop when the bracket is narrower than this fraction of its top. */
  tolerance: z.number().min(0.001).max(0.5).optional(),
  /** Most simulated trials. */
  maxTrials: z.number().int().min(3).max(60).optional(),
};
/** The swept parameter: a dotted path (`components.api.instances`) or `load` (total req/s). */
const SweepParamSchema = z
  .object({
    path: z
      .string()
      .max(300)
      .regex(/^(load|components\.[a-z][a-z0-9-]*(\.[A-Za-z][A-Za-z0-9]*)+)$/, {
        message: 'must be "load" or a dotted path into a component, e.g. "components.api.instances"',
      }),
    from: z.number().finite().optional(),
    to: z.number().finite().optional(),
    steps: z.number().int().min(1).max(50).optional(),
    /** Explicit values instead of a range (e.g. instance types). */
    values: z
      .array(z.union([z.number().finite(), z.string().min(1).max(64)]))
      .min(1)
      .max(50)
      .optional(),
  })
  .strict()
  .refine((p) => (p.values !== undefined) !== (p.from !== undefined && p.to !== undefined), {
    message: 'give either values, or from and to',
  });

/** What `plans.start` plans: one of the planner's four questions. */
export const PlanRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('max-load'), ...planCommon, ...planSearch }).strict(),
  z
    .object({
      kind: z.literal('right-size'),
      ...planCommon,
      /** Target load, req/s. */
      loadRps: z.number().positive().max(1e9),
      /** Variables to search; omitted = the design's `planning.adjustable`. */
      adjustable: z.array(AdjustableSchema).min(1).max(32).optional(),
      /** Simulated configurations beyond the answer, for the Pareto front. */
      frontExtra: z.number().int().min(0).max(50).optional(),
      /** Analytic pruning: drop configurations whose analytic SLO ratio exceeds this. */
      pruneRatio: z.number().min(1).max(100).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('growth'),
      ...planCommon,
      ...planSearch,
      /** Today's load, req/s. */
      currentRps: z.number().positive().max(1e9),
      /** Compound growth per month as a fraction (0.08 = 8%/month). */
      growthPerMonth: z.number().positive().max(10),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sweep'),
      ...planCommon,
      param: SweepParamSchema,
      /** Estimator only (no simulation). */
      analytic: z.boolean().optional(),
    })
    .strict(),
]);
export type PlanRequest = z.infer<typeof PlanRequestSchema>;
export type PlanKind = PlanRequest['kind'];

export const PlanStatusSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

/** Preference keys the app stores, each with the shape of its value. */
export const PreferenceSchemas = {
  theme: z.enum(['system', 'light', 'dark']),
  runOptions: z.object({
    seed: z.number().int().min(0),
    durationS: z.number().positive(),
    warmupS: z.number().min(0),
    replications: z.number().int().min(1),
  }),
  panels: z.object({ palette: z.boolean(), side: z.boolean() }),
} as const;
export type PreferenceKey = keyof typeof PreferenceSchemas;
const PreferenceKeySchema = z.enum(Object.keys(PreferenceSchemas) as [PreferenceKey, ...PreferenceKey[]]);

/** Commands the native menu (Electron) sends to the renderer; the web build shows the same in its own menu. */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.exportReport',
  'file.exportData',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.selectAll',
  'edit.delete',
  'view.fit',
  'view.zoomIn',
  'view.zoomOut',
  'view.toggleTheme',
  'view.togglePalette',
  'view.toggleSide',
  'simulation.run',
  'simulation.stop',
  'simulation.plan',
  'simulation.prices',
  'help.about',
  'help.docs',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Export formats of a report. */
export const ReportFormatSchema = z.enum(['html', 'pdf', 'csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;
/** File name ending each report format requires. */
const REPORT_EXTENSIONS: Record<ReportFormat, RegExp> = {
  html: /\.html?$/i,
  pdf: /\.pdf$/i,
  csv: /\.csv$/i,
  json: /\.json$/i,
};

/**
 * The typed API between the renderer and main: method → argument and result schemas.
 * Both hosts (Electron IPC and the local web host) validate every argument against it.
 */
export const apiContract = {
  'app.info': {
    args: z.object({}).strict(),
    result: z.object({
      version: z.string(),
      host: z.enum(['electron', 'web']),
      dataDir: z.string(),
      /** Native open/save dialogs exist (Electron); the browser uses its own file picker and downloads. */
      nativeDialogs: z.boolean(),
    }),
  },
  'templates.list': {
    args: z.object({}).strict(),
    result: z.array(
      z.object({ id: z.string(), name: z.string(), description: z.string(), text: z.string() }),
    ),
  },
  'files.openDialog': {
    args: z.object({}).strict(),
    /** null when the user cancelled. */
    result: OpenedFile.nullable(),
  },
  'files.saveDialog': {
    args: z.object({ suggestedName: z.string().min(1).max(255) }).strict(),
    /** null when the user cancelled. */
    result: z.object({ path: z.string() }).nullable(),
  },
  'files.read': {
    args: z.object({ path: TopologyPath }).strict(),
    result: OpenedFile,
  },
  'files.save': {
    args: z.object({ path: TopologyPath, text: TopologyText }).strict(),
    result: z.object({ path: z.string() }),
  },
  /**
   * The file the OS asked the desktop app to open before the page listened (command line, file
   * association), handed over once; null when none. Later requests arrive as file.openRequest events.
   */
  'files.pendingOpen': {
    args: z.object({}).strict(),
    result: OpenedFile.nullable(),
  },
  'recent.list': {
    args: z.object({}).strict(),
    result: z.array(z.object({ path: z.string(), openedAt: z.string() })),
  },
  'autosave.put': {
    args: z.object({ text: TopologyText, filePath: z.string().max(4096).nullable() }).strict(),
    result: z.object({ savedAt: z.string() }),
  },
  'autosave.take': {
    args: z.object({}).strict(),
    /** The snapshot left by a session that did not close cleanly, or null. */
    result: z.object({ text: z.string(), filePath: z.string().nullable(), savedAt: z.string() }).nullable(),
  },
  'autosave.clear': {
    args: z.object({}).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'preferences.get': {
    args: z.object({ key: PreferenceKeySchema }).strict(),
    result: z.unknown(),
  },
  'preferences.set': {
    args: z.object({ key: PreferenceKeySchema, value: z.unknown() }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'window.setTitle': {
    args: z.object({ title: z.string().max(300), dirty: z.boolean() }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'topology.validate': {
    args: z.object({ text: TopologyText }).strict(),
    result: z.object({ ok: z.boolean(), errors: z.array(IssueSchema), warnings: z.array(IssueSchema) }),
  },
  'runs.start': {
    args: z
      .object({ topologyText: TopologyText, options: RunOptionsSchema, name: z.string().max(200).optional() })
      .strict(),
    result: z.object({ runId: Id }),
  },
  'runs.cancel': {
    args: z.object({ runId: Id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'runs.list': {
    args: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    result: z.array(RunSummarySchema),
  },
  'runs.get': {
    args: z.object({ runId: Id }).strict(),
    result: RunDetailSchema,
  },
  'runs.rename': {
    args: z.object({ runId: Id, name: z.string().min(1).max(200) }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'runs.delete': {
    args: z.object({ runId: Id }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  /** The pricing catalog the app prices runs with (kept in SQLite; `edited` when it differs from the embedded default). */
  'pricing.list': {
    args: z.object({}).strict(),
    result: z.object({ catalog: PricingCatalogSchema, edited: z.boolean() }),
  },
  /** Replaces the stored catalog, or with `reset` restores the embedded default. */
  'pricing.update': {
    args: z
      .object({ catalog: PricingCatalogSchema.optional(), reset: z.literal(true).optional() })
      .strict()
      .refine((a) => (a.catalog === undefined) !== (a.reset === undefined), {
        message: 'give either catalog or reset: true',
      }),
    result: z.object({ catalog: PricingCatalogSchema, edited: z.boolean() }),
  },
  /** Starts a capacity plan on worker threads; progress and the end arrive as plan.* events. */
  'plans.start': {
    args: PlanRequestSchema,
    result: z.object({ planId: Id }),
  },
  /** Stops a plan (its worker threads end at once). */
  'plans.cancel': {
    args: z.object({ planId: Id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  /** A plan's request, status and, once done, its result (the planner's JSON, loads in req/s, latencies in ms). */
  'plans.get': {
    args: z.object({ planId: Id }).strict(),
    result: z.object({
      planId: Id,
      kind: z.enum(['max-load', 'right-size', 'growth', 'sweep']),
      status: PlanStatusSchema,
      /** The SLO the plan checked, as text. */
      slo: z.string().nullable(),
      result: z.unknown().nullable(),
      error: z.string().nullable(),
    }),
  },
  /** The capacity report of a finished run as a self-contained HTML document (for a preview). */
  'reports.render': {
    args: z.object({ runId: Id, author: z.string().max(200).optional() }).strict(),
    result: z.object({ html: z.string() }),
  },
  /** A run's report as text files for a browser download (html, csv: two files, json). */
  'reports.content': {
    args: z
      .object({
        runId: Id,
        format: ReportFormatSchema.exclude(['pdf']),
        author: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({
      files: z.array(z.object({ name: z.string(), mimeType: z.string(), text: z.string() })),
    }),
  },
  /**
   * Writes a run's report; csv also writes `<name>.components.csv` beside the time series. Without
   * `path` the desktop host asks with its save dialog (paths is empty when the user cancels).
   */
  'reports.export': {
    args: z
      .object({
        runId: Id,
        format: ReportFormatSchema,
        path: z
          .string()
          .min(1)
          .max(4096)
          .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), {
            message: 'must be an absolute path',
          })
          .optional(),
        author: z.string().max(200).optional(),
      })
      .strict()
      .refine((a) => a.path === undefined || REPORT_EXTENSIONS[a.format].test(a.path), {
        message: 'must end with the extension of the format (.html, .pdf, .csv or .json)',
        path: ['path'],
      }),
    /** Every file written. */
    result: z.object({ paths: z.array(z.string()) }),
  },
} as const;

/** Events main pushes to the renderer. */
export const eventContract = {
  'run.progress': z.object({
    runId: Id,
    /** 0..1 of simulated time over all replications. */
    fraction: z.number(),
    /** Estimated wall seconds to completion. */
    etaS: z.number().nullable(),
    /** Simulation events per wall second. */
    eventsPerS: z.number(),
    /** Windows completed since the last progress event (first replication only). */
    windows: z.array(WindowPointSchema),
  }),
  'run.finished': z.object({ runId: Id, status: RunStatusSchema, error: z.string().nullable() }),
  'plan.progress': z.object({
    planId: Id,
    /** Simulated trials finished. */
    trialsDone: z.number().int(),
    /** Trials the plan runs at most (null when not known in advance). */
    trialsMax: z.number().int().nullable(),
    /** 0..1 of the trial being simulated. */
    trialFraction: z.number(),
    /** What is being simulated now: total load (req/s) and a short label (load, candidate or swept value). */
    current: z.object({ loadRps: z.number().nullable(), label: z.string() }).nullable(),
    /** Estimated wall seconds until at most trialsMax trials are done (null until 5% of a trial is done). */
    etaS: z.number().nullable(),
  }),
  'plan.finished': z.object({
    planId: Id,
    status: PlanStatusSchema,
    error: z.string().nullable(),
  }),
  'menu.command': z.object({ command: z.enum(MENU_COMMANDS) }),
  /** A file the OS asked the app to open (command line, file association, second instance). */
  'file.openRequest': z.object({ path: z.string(), text: z.string() }),
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiArgs<M extends ApiMethod> = z.input<ApiContract[M]['args']>;
export type ApiResult<M extends ApiMethod> = z.output<ApiContract[M]['result']>;
export type ApiEventName = keyof typeof eventContract;
export type ApiEvent<E extends ApiEventName> = z.output<(typeof eventContract)[E]>;

/** What the renderer calls: one async function per method, plus an event subscription. */
export type HeadroomApi = {
  [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>>;
} & {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void): () => void;
};

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];
export const API_EVENTS = Object.keys(eventContract) as ApiEventName[];

/** Electron IPC channel of a method or event. */
export const channelOf = (name: string): string => `headroom:${name}`;

/** Formats a zod error as `field: problem` lines for the caller. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`)
    .join('; ');
}
