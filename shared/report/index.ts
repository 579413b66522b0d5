/** Capacity reports: the model, the HTML/CSV/Markdown renderers and the figures derived for them. */
export type {
  ReportModel,
  SloCheck,
  PlanSection,
  CostSection,
  InstanceSeries,
  AnalyticSection,
  ScenarioRow,
  RightSizeSection,
  RightSizeRow,
  TailAttribution,
} from './model.js';
export { renderReportHtml } from './html.js';
export { windowsCsv, componentsCsv, tailCsv, reportCsvFiles } from './csv.js';
export { reportJson } from './json.js';
export { diffMarkdown, sloHolds, sloUnmeasured, type DiffInput } from './diff.js';
export { checkSlo, parseSloSpec } from './slo.js';
export {
  recommendations,
  admittedLoad,
  loadPhrase,
  bottleneckOf,
  byUtilization,
  saturationLoad,
  type Recommendation,
} from './derive.js';
export { topologySvg, edgesOf } from './diagram.js';
export * from './format.js';
export { bucketWindows, MAX_CHART_POINTS } from './series.js';
export { scenarioText, profileText, failureText } from './describe.js';
