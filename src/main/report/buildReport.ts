/**
 * The report anyone can open: one self-contained HTML file (styles and SVG charts inline, a CSP that
 * forbids every fetch, no script) with the KPIs and incidents, hotspots, the routing policy and its
 * verdict with the selection-bias caveat, drift, the triage threshold and queue, the top failure
 * clusters when computed, the integrity gates, the knobs and the input files' hashes.
 */
import { ANNOTATION_STATUS_LABEL, ANNOTATION_STATUSES, reviewCounts, type Annotation } from '../../shared/annotations'
import { ROUTING_BACKTEST_NOTE } from '../../shared/analysis'
import { KNOB_NAMES } from '../../shared/knobs'
import { POLICY_KIND_LABEL, type PolicyVersionSummary } from '../../shared/policyHistory'
import type { Scope } from '../../shared/scope'
import { budgetBurnDaily } from '../analysis/burn'
import type { AnalysisContext } from '../analysis/context'
import { driftReport } from '../analysis/drift'
import { healthSnapshot } from '../analysis/health'
import { modelHotspots } from '../analysis/hotspots'
import { budgetIncidents } from '../analysis/incidents'
import { riskSlices } from '../analysis/riskSlices'
import { routing } from '../analysis/routing'
import { runTriage } from '../analysis/triage'
import { blockingGates, decisionStatus } from '../artifacts/decisionArtifact'
import { appVersion } from '../backend/version'
import { buildReportBacktestOption, buildReportBurnOption, buildReportFailureMixOption, buildReportTriageCurveOption, renderSvg } from './reportCharts'
import { clusterReportProvider, type ReportCluster } from './reportHooks'

export interface ReportWorkspace {
  name: string
  annotations: readonly Annotation[]
  policyVersions: readonly PolicyVersionSummary[]
  notes: string
}

export interface BuildReportOptions {
  ctx: AnalysisContext
  datasetLabel: string
  isDemo: boolean
  workspace?: ReportWorkspace | null
  signal?: AbortSignal
  onProgress?: (phase: string, fraction: number) => void
  now?: Date
  /**
   * Masks text drawn from the data's text columns (the clusters' labels and diagnoses, made of request
   * words) while PII masking is on; absent: shown as is.
   */
  maskText?: ((text: string) => string) | null
}

/** HTML-escapes text. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const DASH = '—'
const num = (v: number | null | undefined, d = 2): string => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : DASH)
const int = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : DASH)
const pct = (v: number | null | undefined, d = 2): string => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : DASH)
const usd = (v: number | null | undefined, d = 2): string => (typeof v === 'number' && Number.isFinite(v) ? `$${num(v, d)}` : DASH)

function table(head: readonly string[], rows: readonly (readonly string[])[], opts: { numeric?: readonly number[]; empty?: string } = {}): string {
  if (rows.length === 0) return `<p class="muted">${esc(opts.empty ?? 'Nothing to show.')}</p>`
  const isNum = new Set(opts.numeric ?? [])
  const th = head.map((h, i) => `<th${isNum.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${isNum.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n')
  const thead = head.some((h) => h) ? `<thead><tr>${th}</tr></thead>` : ''
  return `<table>${thead}<tbody>\n${tr}\n</tbody></table>`
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`
}

function badge(text: string, tone: 'good' | 'warn' | 'bad' | 'neutral'): string {
  return `<span class="badge badge--${tone}">${esc(text)}</span>`
}

/** The filters in words, for the header. */
export function describeScope(scope: Scope): string {
  const parts: string[] = []
  if (scope.from || scope.to) parts.push(`days ${scope.from ?? '…'} to ${scope.to ?? '…'}`)
  for (const [dim, values] of Object.entries(scope.filters ?? {})) if (values?.length) parts.push(`${dim} in (${values.map((v) => v ?? 'null').join(', ')})`)
  if (scope.text) parts.push(`request text contains "${scope.text}"`)
  if (scope.is_failure !== undefined) parts.push(scope.is_failure ? 'failed requests only' : 'successful requests only')
  if (scope.window) parts.push(`${scope.window} window`)
  if (scope.annotation?.length) parts.push(`annotation status in (${scope.annotation.join(', ')})`)
  for (const [k, v] of Object.entries(scope)) if (!['from', 'to', 'filters', 'text', 'is_failure', 'window', 'annotation'].includes(k) && v !== undefined) parts.push(`${k}: ${JSON.stringify(v)}`)
  return parts.length ? parts.join('; ') : 'all interactions (no filter)'
}

const SEVERITY_TONE = { high: 'bad', medium: 'warn', low: 'good', insufficient_data: 'neutral' } as const
const STATUS_TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = { ok: 'good', review_required: 'warn', partial: 'warn', blocked: 'bad' }

/** Computes every section for the context's scope and renders the HTML document. */
export async function buildReport(o: BuildReportOptions): Promise<string> {
  const { ctx } = o
  const step = (phase: string, f: number): void => o.onProgress?.(phase, f)
  const k = ctx.knobs
  step('health and burn', 0.05)
  const health = await healthSnapshot(ctx)
  const burn = await budgetBurnDaily(ctx)
  const incidents = await budgetIncidents(ctx, burn)
  step('hotspots', 0.15)
  const hotspots = await modelHotspots(ctx)
  const slices = await riskSlices(ctx)
  step('routing', 0.25)
  const route = await routing(ctx)
  step('drift', 0.35)
  const drift = await driftReport(ctx)
  step('triage', 0.45)
  const triage = await runTriage(ctx, { signal: o.signal, onProgress: (p) => step(`triage: ${p.phase}`, 0.45 + 0.4 * (p.fraction ?? 0)) })
  step('clusters', 0.88)
  const clusters: ReportCluster[] | null = await clusterReportProvider()(ctx).catch(() => null)
  step('rendering', 0.92)
  const blocking = blockingGates(ctx.report, ctx.overrideGates)
  const decision = decisionStatus({ report: ctx.report, overrideGates: ctx.overrideGates, routing: route, triage })
  const generated = (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const sections: string[] = []
  const toc: [string, string][] = []
  const section = (id: string, title: string, body: string): void => {
    toc.push([id, title])
    sections.push(`<section id="${id}"><h2>${esc(title)}</h2>\n${body}\n</section>`)
  }

  // Summary
  const s = route.backtest.summary
  const summaryRows: [string, string][] = [
    ['Decision status', `${badge(decision.status, STATUS_TONE[decision.status] ?? 'neutral')}${decision.issues.length ? ` <span class="muted">${esc(decision.issues.join(', '))}</span>` : ''}`],
    ['Integrity gates', ctx.report.gates_failed.length ? `${badge(`${ctx.report.gates_failed.length} failed`, blocking.length ? 'bad' : 'warn')} ${esc(ctx.report.gates_failed.join(', '))}${ctx.overrideGates.length ? ` (overridden: ${esc(ctx.overrideGates.join(', '))})` : ''}` : badge('all passed or skipped', 'good')],
    ['Routing verdict', `${esc(s.routing_status)} → ${esc(s.routing_recommendation)}`],
    ['Triage threshold', triage.status === 'ok' ? `${num(triage.threshold, 2)} (${esc(triage.operating_mode)}), ${int(triage.selected_policy_metrics.reviewed_rows)} requests to review` : `not produced (${esc(triage.reason)})`],
    ['Drift', `${drift.reduce((n, b) => n + b.features.filter((f) => f.severity === 'high').length, 0)} high-severity feature(s) across ${drift.length} window pair(s)`]
  ]
  section('summary', 'Summary', table(['', ''], summaryRows.map(([a, b]) => [esc(a), b])))

  // KPIs and incidents
  const kpis: [string, string][] = [
    ['Interactions', int(health.interactions)],
    ['Failure rate', pct(health.failure_rate)],
    ['SLA breach rate', pct(health.sla_breach_rate)],
    ['p95 latency', `${int(health.p95_latency_ms)} ms`],
    ['Total cost', usd(health.total_cost_usd)],
    ['Avg cost / request', usd(health.avg_cost_per_request, 5)],
    ['Tool usage', pct(health.tool_usage_share)],
    ['Safety blocks', pct(health.safety_blocks_share)],
    ['Health score', health.health_score === null ? DASH : num(health.health_score, 1)]
  ]
  const kpiHtml = `<div class="kpis">${kpis.map(([l, v]) => `<div class="kpi"><div class="kpi__label">${esc(l)}</div><div class="kpi__value">${v}</div></div>`).join('')}</div>`
  const incidentHtml = table(
    ['Budget', 'Over budget since', 'Days', 'Burn (last day)', 'Driving slice'],
    incidents.map((i) => [esc(i.budget), esc(i.since), int(i.days), num(i.last_burn, 2), i.top_slice ? esc(`${i.top_slice.use_case ?? 'null'} / ${i.top_slice.model_name ?? 'null'} (${pct(i.top_slice.excess_share, 0)} of the excess)`) : DASH]),
    { numeric: [2, 3], empty: 'No budget is burning on the last day in scope.' }
  )
  const charts = [
    burn.length ? figure(renderSvg(buildReportBurnOption(burn, k.FAIL_BUDGET), 'burn'), 'Requests and failure rate per UTC day; the dashed line is FAIL_BUDGET.') : '',
    health.failure_type_mix.length ? figure(renderSvg(buildReportFailureMixOption(health.failure_type_mix), 'mix', 720, Math.max(120, 24 * health.failure_type_mix.length + 40)), 'Failure types, share of all rows in scope.') : ''
  ].join('\n')
  section('kpis', 'KPIs and incidents', `${kpiHtml}\n<h3>Incidents</h3>\n${incidentHtml}\n${charts}`)

  // Hotspots
  section(
    'hotspots',
    'Hotspots',
    `<p class="muted">History window; models with at least ${int(hotspots.min_requests)} requests; hotspot failure rate ${pct(hotspots.hotspot_fail_rate)}.</p>
${table(
  ['Provider', 'Model', 'Requests', 'Failure rate', 'p95 latency', 'Cost / request', 'SLA breach', 'Bucket'],
  hotspots.rows.map((r) => [esc(r.model_provider), esc(r.model_name), int(r.requests), pct(r.fail_rate), `${int(r.p95_latency)} ms`, usd(r.cost_per_request, 5), pct(r.sla_breach_rate), badge(r.bucket, r.bucket === 'ok' ? 'good' : r.bucket === 'high_failure_and_sla' ? 'bad' : 'warn')]),
  { numeric: [2, 3, 4, 5, 6], empty: 'No model has enough requests in the history window.' }
)}
<h3>Riskiest slices (use case × tier)</h3>
${table(
  ['Use case', 'Tier', 'Requests', 'Failure rate', 'p95 latency', 'Avg cost', 'Score'],
  slices.rows.slice(0, 10).map((r) => [esc(r.key[0]), esc(r.key[1]), int(r.requests), pct(r.fail_rate), `${int(r.p95_latency)} ms`, usd(r.avg_cost, 5), num(r.score, 3)]),
  { numeric: [2, 3, 4, 5, 6], empty: 'No slice has enough requests.' }
)}`
  )

  // Routing
  const verdictTone = s.routing_status === 'candidate_improves' ? 'good' : s.routing_status === 'candidate_mixed' ? 'warn' : 'bad'
  section(
    'routing',
    'Routing policy and verdict',
    `<p>${badge(s.routing_status, verdictTone)} Recommendation: <strong>${esc(s.routing_recommendation)}</strong></p>
<p class="caveat"><strong>Selection bias:</strong> ${esc(ROUTING_BACKTEST_NOTE)}. Treat the verdict as a reason to shadow or canary, not as proof.</p>
${table(
  ['Use case', 'Provider', 'Model', 'Requests', 'Failure rate', 'p95 latency', 'Avg cost', 'Expected unit cost', 'Tier'],
  route.policy.rows.map((r) => [esc(r.use_case), esc(r.model_provider), esc(r.model_name), int(r.requests), pct(r.fail_rate), `${int(r.p95_latency)} ms`, usd(r.avg_cost, 5), usd(r.expected_unit_cost, 4), esc(r.policy_mode)]),
  { numeric: [3, 4, 5, 6, 7], empty: 'No routing policy: no candidate had enough requests in the history window.' }
)}
<h3>Backtest on the evaluation window</h3>
${table(
  ['', 'Baseline', 'Policy', 'Delta'],
  [
    ['Expected failure rate', pct(s.baseline_expected_fail_rate), pct(s.policy_expected_fail_rate), pct(s.fail_rate_delta_vs_baseline)],
    ['Expected unit cost', usd(s.baseline_expected_unit_cost, 4), usd(s.policy_expected_unit_cost, 4), usd(s.unit_cost_delta_vs_baseline, 4)],
    ['Total expected cost', usd(s.baseline_total_expected_cost), usd(s.policy_total_expected_cost), usd(s.total_expected_cost_delta_vs_baseline)]
  ].map((r) => r.map((c, i) => (i === 0 ? esc(c) : c))),
  { numeric: [1, 2, 3] }
)}
<p class="muted">${int(s.requests)} evaluation requests; ${int(s.use_cases_covered)} of ${int(s.use_cases_total)} use cases covered by the policy.</p>
${route.backtest.use_cases.length ? figure(renderSvg(buildReportBacktestOption(route.backtest.use_cases), 'backtest'), 'Expected unit cost per use case: observed traffic (baseline) vs the policy’s model, evaluation window.') : ''}`
  )

  // Drift
  const driftHtml = drift
    .map((b) => {
      const w = b.window
      const top = b.features.slice(0, 12)
      return `<h3>${esc(w.windowing_method)}: ${int(w.reference_rows)} reference vs ${int(w.current_rows)} current rows</h3>
<p class="muted">Reference ${esc(w.reference_start_timestamp_utc ?? DASH)} – ${esc(w.reference_end_timestamp_utc ?? DASH)}; current ${esc(w.current_start_timestamp_utc ?? DASH)} – ${esc(w.current_end_timestamp_utc ?? DASH)}.</p>
${table(
  ['Feature', 'Type', 'PSI', 'TV distance', 'KS p-value', 'χ² p-value', 'Severity'],
  top.map((f) => [esc(f.feature), esc(f.type), num(f.psi, 4), num(f.tv_distance, 4), num(f.ks_pvalue, 4), num(f.chi2_pvalue, 4), badge(f.severity, SEVERITY_TONE[f.severity])]),
  { numeric: [2, 3, 4, 5], empty: 'No feature to compare.' }
)}`
    })
    .join('\n')
  section('drift', 'Drift', driftHtml || '<p class="muted">No window pair to compare.</p>')

  // Triage
  let triageHtml: string
  if (triage.status === 'ok') {
    const m = triage.selected_policy_metrics
    const reviewed = o.workspace ? reviewCounts(triage.queue.filter((r) => r.action_review).map((r) => (r.interaction_id ? o.workspace!.annotations.find((a) => a.interaction_id === r.interaction_id)?.status : undefined))) : null
    triageHtml = `<p>Threshold <strong>${num(triage.threshold, 2)}</strong> ${badge(triage.operating_mode, triage.operating_mode === 'cost_optimal' ? 'good' : 'warn')}${triage.capacity_infeasible_flag ? ' ' + badge('capacity infeasible', 'bad') : ''}</p>
${table(
  ['Queue size (to review)', 'Review share', 'Reviews / day (mean)', 'Reviews / day (p90)', 'Capacity / day', 'Precision', 'Recall', 'Expected cost', 'ROC AUC'],
  [[int(m.reviewed_rows), pct(m.review_share), num(m.mean_reviews_per_day, 1), num(m.p90_reviews_per_day, 1), `${int(k.CAPACITY_PER_DAY)} (p90 guard ${int(k.CAPACITY_P90_GUARD)})`, pct(m.precision), pct(m.recall), usd(m.expected_cost, 0), num(triage.metrics.roc_auc, 3)]],
  { numeric: [0, 1, 2, 3, 5, 6, 7, 8] }
)}
${reviewed && reviewed.reviewed > 0 ? `<p>Reviewed ${int(reviewed.reviewed)} of ${int(reviewed.total)} queued requests; reviewed precision ${reviewed.precision === null ? DASH : pct(reviewed.precision, 1)} (${int(reviewed.verdicts)} verdicts) vs the model’s expected ${pct(m.precision, 1)}.</p>` : ''}
${figure(renderSvg(buildReportTriageCurveOption(triage.curve, triage.threshold), 'triage'), 'Expected cost (reviews × REVIEW_COST + missed failures × TRIAGE_FN_COST_USD) by threshold; dotted where the daily capacity is exceeded.')}`
  } else {
    triageHtml = `<p class="muted">No triage threshold: ${esc(triage.reason)} (${esc(triage.detail)}).</p>`
  }
  section('triage', 'Triage threshold and queue', triageHtml)

  // Clusters, when the clusters feature has computed them for this scope.
  if (clusters && clusters.length) {
    const mask = o.maskText ?? ((t: string): string => t)
    const trend = (t: string | undefined): string => (t === 'new' || t === 'growing' ? ` ${badge(t, 'warn')}` : '')
    section(
      'clusters',
      'Top failure clusters',
      `<p class="muted">Requests clustered by meaning (the Clusters page), ranked by excess failures: rank 1 is the family to look at first. Sizes count rows in scope.</p>\n` +
        table(
          ['Rank', 'Cluster', 'Size', 'Failures', 'Failure rate', 'Lift', 'Diagnosis'],
          [...clusters]
            .sort((a, b) => a.rank - b.rank)
            .slice(0, 10)
            .map((c) => [
              int(c.rank),
              `#${esc(c.cluster_id)} ${esc(mask(c.label))}${trend(c.trend)}`,
              int(c.size),
              int(c.failures),
              pct(c.failure_rate),
              typeof c.lift === 'number' ? `${num(c.lift, 1)}×` : DASH,
              c.diagnosis?.length ? c.diagnosis.map((t) => esc(mask(t))).join('<br>') : DASH
            ]),
          { numeric: [0, 2, 3, 4, 5] }
        )
    )
  }

  // Integrity gates
  section(
    'gates',
    'Integrity gates',
    table(
      ['Gate', 'Status', 'Offending', 'Detail'],
      ctx.report.gates.map((g) => [esc(g.gate), badge(ctx.overrideGates.includes(g.gate) ? 'fail (overridden)' : g.status, g.status === 'pass' ? 'good' : g.status === 'skipped' ? 'neutral' : ctx.overrideGates.includes(g.gate) ? 'warn' : 'bad'), int(g.offending_count), esc(g.reason ?? g.detail ?? '')]),
      { numeric: [2] }
    )
  )

  // Knobs and inputs
  const inputs = Object.values(ctx.report.tables).filter((t): t is NonNullable<typeof t> => !!t)
  section(
    'inputs',
    'Knobs and input files',
    `${table(
      ['Knob', 'Value'],
      KNOB_NAMES.map((name) => [esc(name), esc(k[name])]),
      { numeric: [1] }
    )}
${table(
  ['Table', 'File', 'Rows', 'Bytes', 'SHA-256'],
  inputs.map((t) => [esc(t.table), esc(t.file), int(t.rows), int(t.bytes), `<code>${esc(t.sha256)}</code>`]),
  { numeric: [2, 3] }
)}`
  )

  // Workspace: annotations, policy history, notes
  if (o.workspace && (o.workspace.annotations.length || o.workspace.policyVersions.length || o.workspace.notes.trim())) {
    const w = o.workspace
    const counts = reviewCounts(w.annotations.map((a) => a.status))
    section(
      'workspace',
      `Workspace: ${w.name}`,
      `${w.annotations.length ? `<h3>Annotations</h3>${table(['Status', 'Interactions'], ANNOTATION_STATUSES.map((st) => [esc(ANNOTATION_STATUS_LABEL[st]), int(counts.by_status[st])]), { numeric: [1] })}` : ''}
${w.policyVersions.length ? `<h3>Policy history</h3>${table(['Exported (UTC)', 'Kind', 'Version'], w.policyVersions.map((v) => [esc(v.created.replace('T', ' ').replace(/\.\d+Z$/, 'Z')), esc(POLICY_KIND_LABEL[v.kind] ?? v.kind), esc(v.label)]))}` : ''}
${w.notes.trim() ? `<h3>Notes</h3><pre class="notes">${esc(w.notes)}</pre>` : ''}`
    )
  }
  step('done', 1)

  const title = `Telemetry report: ${o.datasetLabel}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Telemetry Workbench ${esc(appVersion())}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
${o.isDemo ? '<p class="demo">DEMO DATA: synthetic, no real users, requests or costs.</p>' : ''}
<p class="meta">Generated ${esc(generated)} by Telemetry Workbench ${esc(appVersion())} · scope: ${esc(describeScope(ctx.scope))} · all times UTC</p>
<nav><ol>${toc.map(([id, t]) => `<li><a href="#${id}">${esc(t)}</a></li>`).join('')}</ol></nav>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`
}

const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 13px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2933; background: #fff; margin: 0 auto; max-width: 980px; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d9e2ec; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.meta, .muted { color: #616e7c; }
.demo { background: #fff4e5; border: 1px solid #f0b429; padding: 6px 10px; border-radius: 4px; font-weight: 600; }
nav ol { columns: 3; margin: 8px 0 0; padding-left: 18px; color: #616e7c; }
nav a { color: #2f6fb3; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f5f7fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 11px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 8px 0 12px; }
.kpi { border: 1px solid #d9e2ec; border-radius: 6px; padding: 8px 10px; }
.kpi__label { color: #616e7c; font-size: 11px; }
.kpi__value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11px; font-weight: 600; border: 1px solid; }
.badge--good { color: #276749; border-color: #9ae6b4; background: #f0fff4; }
.badge--warn { color: #975a16; border-color: #f6e05e; background: #fffff0; }
.badge--bad { color: #9b2c2c; border-color: #feb2b2; background: #fff5f5; }
.badge--neutral { color: #4a5568; border-color: #cbd5e0; background: #f7fafc; }
.caveat { background: #fffbea; border-left: 3px solid #f0b429; padding: 6px 10px; }
figure { margin: 10px 0 14px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #616e7c; font-size: 11px; margin-top: 2px; }
pre.notes { white-space: pre-wrap; background: #f5f7fa; padding: 8px 10px; border-radius: 4px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, figure, .kpis, .caveat { break-inside: avoid; page-break-inside: avoid; }
  section { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}
`
