/** The report as JSON: the full result plus the figures derived for the report. */
import type { ReportModel } from './model.js';

/** The full result and the report's derived figures as one JSON document. */
export function reportJson(model: ReportModel): string {
  return `${JSON.stringify(
    {
      headroomReport: 1,
      version: model.version,
      title: model.title,
      author: model.author,
      date: model.date,
      scenario: model.scenario,
      slo: model.slo,
      plan: model.plan,
      rightSize: model.rightSize ?? null,
      cost: model.cost,
      analytic: model.analytic,
      alternatives: model.alternatives ?? [],
      warnings: model.warnings,
      result: model.result,
    },
    null,
    2,
  )}\n`;
}
