/** The `cluster` report of PIPELINE.md section 12: clusters.csv (every row on the map), cluster_summary.json (ranked clusters) and cluster_report.md (each cluster with its diagnosis), for the CLI and the app's export alike. */
import type { ClusterList, ClusterRanking, Diagnosis } from '../../shared/clusters'
import { pyFloat } from '../../shared/artifacts/csv'
import { clusterList } from '../analysis/clusterList'
import { diagnose } from '../analysis/clusterDiagnosis'
import type { ClusterStore } from '../analysis/clusterRuns'
import type { AnalysisContext } from '../analysis/context'
import type { Engine } from '../engine/engine'
import type { ArtifactFile } from './analyze'

export const CLUSTER_FILES = { csv: 'clusters.csv', summary: 'cluster_summary.json', report: 'cluster_report.md' } as const

/** Clusters whose full diagnosis goes into cluster_report.md (the rest get their one-line summary): each costs a few scans. */
export const REPORT_DIAGNOSES = 10

function csvText(v: string | null): string {
  if (v === null) return ''
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** clusters.csv: interaction_id, cluster_id, x, y for every row, in the table's order. */
export async function clustersCsv(engine: Engine, store: ClusterStore): Promise<string> {
  const run = store.requireActive()
  const ids = await engine.columns('SELECT CAST(interaction_id AS VARCHAR) AS id FROM interactions ORDER BY rowid')
  const col = (ids.data[0] ?? []) as (string | null)[]
  if (col.length !== run.rowIds.length) throw new Error(`clusters.csv: the table has ${col.length} rows but the clusters cover ${run.rowIds.length}`)
  const lines: string[] = new Array(col.length + 1)
  lines[0] = 'interaction_id,cluster_id,x,y'
  for (let i = 0; i < col.length; i++) lines[i + 1] = `${csvText(col[i])},${run.rowCluster[i]},${pyFloat(run.rowXY[i * 2])},${pyFloat(run.rowXY[i * 2 + 1])}`
  return lines.join('\n') + '\n'
}

/** cluster_summary.json: the run, the ranking and every cluster in rank order. */
export function clusterSummaryJson(list: ClusterList): string {
  const r = list.run
  const summary = {
    clusters: list.clusters.map((c) => ({
      cluster_id: c.cluster_id,
      label: c.label,
      size: c.size,
      failures: c.failures,
      failure_rate: c.failure_rate,
      rank: c.rank,
      score: c.score,
      failure_rate_lower: c.failure_rate_lower,
      lift: c.lift,
      excess_failures: c.excess_failures,
      below_min_size: c.below_min_size,
      cost_usd: c.cost_usd,
      p95_latency_ms: c.p95_latency_ms,
      terms: c.terms.slice(0, 10).map((t) => t.term),
      dominant_failure_type: c.dominant_failure_type,
      dominant_model: c.dominant_model,
      dominant_use_case: c.dominant_use_case,
      exemplars: c.exemplars,
      trend: c.drift.status,
      no_vector: c.special
    })),
    k: r.k,
    k_chosen_by: r.settings.k === null ? 'shared_vocabulary' : 'operator',
    k_scores: r.k_scores,
    cells: r.cells,
    rows: r.rows,
    distinct_texts: r.distinct_texts,
    overall_failure_rate: list.overall_failure_rate,
    ranking: { strategy: list.ranking.strategy, min_size: list.ranking.minSize },
    vectors: { source: r.vector_source, description: r.vector_description, dims: r.dims, embedding_column: r.embedding_column },
    settings: r.settings,
    map: { method: r.map_method, coordinates: 'x, y of clusters.csv; the map spans [-10, 10] on its longer axis' },
    drift_windows: list.drift_windows
  }
  return JSON.stringify(summary, null, 2) + '\n'
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`
}

function section(title: string, sentences: Diagnosis['summary']): string[] {
  return [`**${title}**`, '', ...(sentences.length ? sentences.map((s) => `- ${s.text}`) : ['- (no evidence)']), '']
}

/** cluster_report.md: each cluster in rank order with its label, size, failure rate and (for the first ones) its diagnosis. */
export function clusterReportMd(list: ClusterList, diagnoses: Map<number, Diagnosis>): string {
  const out: string[] = [
    '# Failure modes: request clusters',
    '',
    `${list.run.rows.toLocaleString('en-US')} requests in ${list.run.k} clusters (${list.run.distinct_texts.toLocaleString('en-US')} distinct texts), overall failure rate ${pct(list.overall_failure_rate)}.`,
    `Vectors: ${list.run.vector_description}. K: ${list.run.settings.k === null ? 'chosen by shared vocabulary' : 'set by the operator'}. Ranking: ${list.ranking.strategy}, minimum size ${list.ranking.minSize}.`,
    ''
  ]
  for (const c of list.clusters) {
    out.push(`## ${c.rank}. Cluster #${c.cluster_id}: ${c.label}`, '')
    out.push(
      `Size ${c.size.toLocaleString('en-US')}, failures ${c.failures.toLocaleString('en-US')}, failure rate ${pct(c.failure_rate)}${c.lift !== null ? ` (${c.lift.toFixed(2)}× overall)` : ''}` +
        `${c.dominant_failure_type ? `, mostly ${c.dominant_failure_type.value ?? 'no type'} (${pct(c.dominant_failure_type.share)} of its failures)` : ''}` +
        `${c.dominant_model ? `; top model ${c.dominant_model.value ?? '(empty)'} (${pct(c.dominant_model.share)})` : ''}${c.dominant_use_case ? `; top use case ${c.dominant_use_case.value ?? '(empty)'} (${pct(c.dominant_use_case.share)})` : ''}.`,
      ''
    )
    if (c.terms.length) out.push(`Terms: ${c.terms.slice(0, 8).map((t) => t.term).join(', ')}.`, '')
    const d = diagnoses.get(c.cluster_id)
    if (d) out.push(...section('Summary', d.summary), ...section('Causes', d.causes), ...section('Fix', d.fix), ...section('Verification', d.verification))
  }
  return out.join('\n')
}

/** The three files for the whole dataset (no filter), in the active run, under a ranking. */
export async function buildClusterReport(ctx: AnalysisContext, store: ClusterStore, ranking: ClusterRanking, onProgress: (fraction: number) => void = () => {}): Promise<ArtifactFile[]> {
  const whole: AnalysisContext = { ...ctx, scope: {} }
  const list = await clusterList(whole, store, ranking)
  onProgress(0.1)
  const csv = await clustersCsv(ctx.engine, store)
  onProgress(0.3)
  const diagnoses = new Map<number, Diagnosis>()
  const top = list.clusters.filter((c) => c.size > 0).slice(0, REPORT_DIAGNOSES)
  for (let i = 0; i < top.length; i++) {
    diagnoses.set(top[i].cluster_id, await diagnose(whole, store, { cluster_id: top[i].cluster_id }))
    onProgress(0.3 + (0.7 * (i + 1)) / top.length)
  }
  return [
    { name: CLUSTER_FILES.csv, content: csv },
    { name: CLUSTER_FILES.summary, content: clusterSummaryJson(list) },
    { name: CLUSTER_FILES.report, content: clusterReportMd(list, diagnoses) }
  ]
}
