/**
 * The diagnosis card of a cluster or a map selection, built from evidence in the data (no language
 * model): what over-indexes in it against the rest of the scope and where it fails (with lifts),
 * which models and repair strategies resolved such requests, the routing policy's pick for its use
 * case, and the metric and filter to watch after a fix. Every sentence carries the rows behind it.
 */
import type { Diagnosis, DiagnosisSentence } from '../../shared/clusters'
import type { ScopeDimension } from '../../shared/scope'
import type { SqlValue } from '../engine/engine'
import { ident } from '../ingest/sql'
import { ApiError } from '../backend/errors'
import type { ClusterStore } from './clusterRuns'
import { clusterDrift } from './clusterList'
import { memoised, type AnalysisContext } from './context'
import { routing } from './routing'
import { compileScope } from './scopeSql'

/** Dimensions compared between the target and the rest (all are scope dimensions, so every sentence can link to its rows). */
const EVIDENCE_DIMENSIONS: { dim: ScopeDimension; label: string }[] = [
  { dim: 'model_name', label: 'model' },
  { dim: 'use_case', label: 'use case' },
  { dim: 'account_tier', label: 'tier' },
  { dim: 'channel', label: 'channel' },
  { dim: 'region', label: 'region' },
  { dim: 'segment', label: 'segment' }
]
/** A value needs this many target rows to be evidence. */
const MIN_SUPPORT = 10
/** |z| of a two-proportion test for a difference to count (two-sided p < 0.01). */
const Z_EVIDENCE = 2.58

export type DiagnosisTarget = { cluster_id: number } | { selection_id: number }

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`)
const int = (x: number): string => Math.round(x).toLocaleString('en-US')

function zTwoProportions(f1: number, n1: number, f2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0
  const p = (f1 + f2) / (n1 + n2)
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
  return se > 0 ? (f1 / n1 - f2 / n2) / se : 0
}

interface Candidate {
  strength: number
  sentence: DiagnosisSentence
}

/** Builds the diagnosis; `title` names the target for the operator. */
export async function diagnose(ctx: AnalysisContext, store: ClusterStore, target: DiagnosisTarget): Promise<Diagnosis> {
  const run = store.requireActive()
  const isCluster = 'cluster_id' in target
  if (isCluster && (target.cluster_id < 0 || target.cluster_id >= run.info.k)) throw new ApiError('not_found', `cluster ${target.cluster_id} does not exist`)
  const targetFilter: Partial<Record<ScopeDimension, (string | null)[]>> = isCluster ? { cluster: [String(target.cluster_id)] } : { map_selection: [String(target.selection_id)] }
  const title = isCluster ? `Cluster #${target.cluster_id} · ${run.clusters.labels[target.cluster_id]}` : `Map selection #${target.selection_id}`
  const rowsOf = (extra: Partial<Record<ScopeDimension, (string | null)[]>>, count: number | null, failed?: boolean): DiagnosisSentence['rows'] => ({
    filters: { ...targetFilter, ...extra },
    ...(failed !== undefined ? { is_failure: failed } : {}),
    ...(count !== null ? { count } : {})
  })

  const scope = compileScope(ctx.scope, 'i')
  const membership = compileScope({ filters: targetFilter }, 'i')
  // t: the row is in the target; every query is over the scope
  const base = `SELECT i.*, (${membership.where}) AS t FROM interactions i WHERE ${scope.where}`
  const baseParams: SqlValue[] = [...membership.params, ...scope.params]

  const [tot] = await ctx.engine.all<{ n_in: number; f_in: number; n_out: number; f_out: number; p95_in: number | null; p95_out: number | null; pt_in: number | null; pt_out: number | null; tool_in: number | null; tool_out: number | null }>(
    `WITH b AS (${base}) SELECT
       count(*) FILTER (WHERE t)::BIGINT AS n_in, count(*) FILTER (WHERE t AND is_failure)::BIGINT AS f_in,
       count(*) FILTER (WHERE NOT t)::BIGINT AS n_out, count(*) FILTER (WHERE NOT t AND is_failure)::BIGINT AS f_out,
       quantile_cont(latency_ms, 0.95) FILTER (WHERE t) AS p95_in, quantile_cont(latency_ms, 0.95) FILTER (WHERE NOT t) AS p95_out,
       median(prompt_tokens) FILTER (WHERE t) AS pt_in, median(prompt_tokens) FILTER (WHERE NOT t) AS pt_out,
       avg(CASE WHEN coalesce(tool_calls_count, 0) > 0 THEN 1 ELSE 0 END) FILTER (WHERE t) AS tool_in,
       avg(CASE WHEN coalesce(tool_calls_count, 0) > 0 THEN 1 ELSE 0 END) FILTER (WHERE NOT t) AS tool_out
     FROM b`,
    baseParams
  )
  const nIn = tot.n_in
  const fIn = tot.f_in
  const nAll = tot.n_in + tot.n_out
  const rateIn = nIn > 0 ? fIn / nIn : null
  const rateOut = tot.n_out > 0 ? tot.f_out / tot.n_out : null
  const overall = nAll > 0 ? (fIn + tot.f_out) / nAll : null
  const empty: Diagnosis = { title, rows: nIn, failures: fIn, summary: [], causes: [], fix: [], verification: [], model: null }
  if (nIn === 0) {
    empty.summary.push({ text: `${title} has no request within the current filters.` })
    return empty
  }

  // ---- Summary
  const summary: DiagnosisSentence[] = []
  const lift = rateIn !== null && overall !== null && overall > 0 ? rateIn / overall : null
  summary.push({
    text: `${title}: ${int(nIn)} requests (${pct(nIn / nAll)} of the requests in scope); ${int(fIn)} failed, a failure rate of ${pct(rateIn)} against ${pct(overall)} overall${lift !== null ? ` (${lift.toFixed(1)}×)` : ''}.`,
    rows: rowsOf({}, nIn)
  })
  const types = await ctx.engine.all<{ v: string | null; n: number }>(
    `WITH b AS (${base}) SELECT failure_type AS v, count(*)::BIGINT AS n FROM b WHERE t AND is_failure GROUP BY 1 ORDER BY n DESC, v NULLS LAST LIMIT 3`,
    baseParams
  )
  if (fIn > 0 && types.length > 0) {
    const top = types[0]
    summary.push({ text: `Most of its failures are ${top.v ?? 'of no recorded type'}: ${int(top.n)} of ${int(fIn)} (${pct(top.n / fIn)}).`, rows: rowsOf({ failure_type: [top.v] }, top.n, true) })
  }
  if (isCluster) {
    // one drift computation serves the diagnoses of every cluster (the report diagnoses several)
    const drift = await memoised(ctx, `clusters:drift:${run.info.key}`, () => clusterDrift(ctx, store))
    const d = drift.rows.find((r) => r.cluster_id === target.cluster_id)?.drift
    if (d && (d.status === 'new' || d.status === 'growing')) {
      summary.push({
        text: `Its share of the traffic grew from ${pct(d.reference_share)} in the early rows to ${pct(d.current_share)} in the recent rows (${d.ratio?.toFixed(1)}×): ${d.status === 'new' ? 'a new failure mode' : 'a growing one'}.`,
        rows: rowsOf({}, nIn)
      })
    }
  }

  // ---- Causes: over-indexing values and where it fails
  const dimSql = EVIDENCE_DIMENSIONS.map((d) => `SELECT '${d.dim}' AS dim, ${ident(d.dim)} AS v, count(*) FILTER (WHERE t)::BIGINT AS n_in, count(*) FILTER (WHERE t AND is_failure)::BIGINT AS f_in, count(*) FILTER (WHERE NOT t)::BIGINT AS n_out FROM b GROUP BY 2`).join('\nUNION ALL\n')
  const byValue = await ctx.engine.all<{ dim: string; v: string | null; n_in: number; f_in: number; n_out: number }>(`WITH b AS (${base}) ${dimSql}`, baseParams)
  const candidates: Candidate[] = []
  const minSupport = Math.max(MIN_SUPPORT, Math.ceil(0.05 * nIn))
  for (const d of EVIDENCE_DIMENSIONS) {
    for (const r of byValue.filter((x) => x.dim === d.dim && x.n_in >= minSupport)) {
      const value = r.v ?? '(empty)'
      // where it fails: this value's failure rate within the target against the target's other rows
      const restN = nIn - r.n_in
      const restF = fIn - r.f_in
      if (restN >= MIN_SUPPORT && r.f_in > 0) {
        const z = zTwoProportions(r.f_in, r.n_in, restF, restN)
        const rv = r.f_in / r.n_in
        const ro = restF / restN
        if (z >= Z_EVIDENCE && rv >= 1.5 * ro) {
          candidates.push({
            strength: z,
            sentence: { text: `On ${d.label} ${value} these requests fail ${pct(rv)} of the time (${int(r.f_in)} of ${int(r.n_in)}) against ${pct(ro)} on other ${d.label === 'use case' ? 'use cases' : `${d.label}s`}.`, rows: rowsOf({ [d.dim]: [r.v] }, r.f_in, true) }
          })
        }
      }
      // over-representation: this value's share of the target against its share of the rest
      if (tot.n_out > 0) {
        const shareIn = r.n_in / nIn
        const shareOut = r.n_out / tot.n_out
        const ratio = (r.n_in + 0.5) / (nIn + 1) / ((r.n_out + 0.5) / (tot.n_out + 1))
        const z = zTwoProportions(r.n_in, nIn, r.n_out, tot.n_out)
        if (shareIn >= 0.2 && ratio >= 2 && z >= Z_EVIDENCE) {
          candidates.push({
            strength: z / 2,
            sentence: { text: `${d.label[0].toUpperCase()}${d.label.slice(1)} ${value} is over-represented: ${pct(shareIn)} of these requests against ${pct(shareOut)} elsewhere (${ratio.toFixed(1)}×).`, rows: rowsOf({ [d.dim]: [r.v] }, r.n_in) }
          })
        }
      }
    }
  }
  const numeric = (name: string, inV: number | null, outV: number | null, unit: string, strength: number): void => {
    if (inV === null || outV === null || outV <= 0) return
    const ratio = inV / outV
    if (ratio >= 1.3 || ratio <= 1 / 1.3) candidates.push({ strength, sentence: { text: `${name} is ${int(inV)}${unit} here against ${int(outV)}${unit} elsewhere (${ratio.toFixed(1)}×).`, rows: rowsOf({}, nIn) } })
  }
  numeric('The p95 latency', tot.p95_in, tot.p95_out, ' ms', 2.6)
  numeric('The median prompt length', tot.pt_in, tot.pt_out, ' tokens', 2.55)
  if (tot.tool_in !== null && tot.tool_out !== null && Math.abs(tot.tool_in - tot.tool_out) >= 0.15) {
    candidates.push({ strength: 2.5, sentence: { text: `${pct(tot.tool_in)} of these requests call tools against ${pct(tot.tool_out)} elsewhere.`, rows: rowsOf({}, nIn) } })
  }
  // failing on every model alike points at the requests themselves, not at a model
  const perModel = byValue.filter((x) => x.dim === 'model_name' && x.n_in >= MIN_SUPPORT)
  if (perModel.length >= 2 && overall !== null && rateIn !== null && rateIn >= 1.5 * overall) {
    const lowest = perModel.reduce((m, x) => (x.f_in / x.n_in < m.f_in / m.n_in ? x : m))
    if (lowest.f_in / lowest.n_in >= 1.5 * overall) {
      candidates.push({
        strength: 100,
        sentence: {
          text: `These requests fail on every model (${perModel.length} with ${MIN_SUPPORT}+ requests; the best, ${lowest.v ?? '(empty)'}, still fails ${pct(lowest.f_in / lowest.n_in)} against ${pct(overall)} overall): the cause is in the requests themselves (see the terms and exemplars), not in a model.`,
          rows: rowsOf({}, fIn, true)
        }
      })
    }
  }
  candidates.sort((a, b) => b.strength - a.strength)
  const causes = candidates.slice(0, 5).map((c) => c.sentence)
  if (causes.length === 0) causes.push({ text: 'No model, use case, tier, channel, region, segment, latency or prompt length stands out in these requests against the rest of the scope: the cause is more likely in the requests themselves (see the terms and exemplars).', rows: rowsOf({}, nIn) })

  // ---- Fix: the model that does best on them, repairs that worked, the routing policy's pick
  const fix: DiagnosisSentence[] = []
  const models = byValue.filter((x) => x.dim === 'model_name' && x.n_in >= MIN_SUPPORT).map((x) => ({ v: x.v, n: x.n_in, f: x.f_in, r: x.f_in / x.n_in }))
  models.sort((a, b) => a.r - b.r || b.n - a.n || String(a.v).localeCompare(String(b.v)))
  if (fIn > 0 && models.length >= 2 && rateIn !== null && models[0].r <= 0.7 * rateIn) {
    const best = models[0]
    fix.push({ text: `Model ${best.v ?? '(empty)'} handles these requests best: ${pct(best.r)} failures (${int(best.f)} of ${int(best.n)}) against ${pct(rateIn)} for the cluster as a whole; route them there or compare its prompts.`, rows: rowsOf({ model_name: [best.v] }, best.n) })
  }
  const repairs = await ctx.engine.all<{ inside: boolean; s: string; n: number; ok: number }>(
    `WITH b AS (${base})
     SELECT t AS inside, repair_strategy AS s, count(*)::BIGINT AS n, count_if(NOT coalesce(is_failure, false))::BIGINT AS ok
     FROM b WHERE coalesce(retry_index, 0) > 0 AND repair_strategy IS NOT NULL AND lower(repair_strategy) <> 'none' GROUP BY 1, 2`,
    baseParams
  )
  const inside = repairs.filter((r) => r.inside)
  const insideTotal = inside.reduce((s, r) => s + r.n, 0)
  const pool = insideTotal >= 10 ? inside : repairs.filter((r) => !r.inside)
  const where = insideTotal >= 10 ? 'of these requests' : 'elsewhere in the scope'
  pool
    .filter((r) => r.n >= 5)
    .sort((a, b) => b.ok / b.n - a.ok / a.n || b.n - a.n || a.s.localeCompare(b.s))
    .slice(0, 2)
    .forEach((r) => fix.push({ text: `Retrying with “${r.s}” resolved ${pct(r.ok / r.n)} of the retries ${where} (${int(r.ok)} of ${int(r.n)}).`, rows: insideTotal >= 10 ? rowsOf({}, nIn) : undefined }))
  const useCase = byValue.filter((x) => x.dim === 'use_case' && x.n_in > 0).sort((a, b) => b.n_in - a.n_in)[0]
  if (useCase && useCase.v !== null) {
    try {
      const policy = (await memoised(ctx, 'clusters:routing', () => routing(ctx))).policy.rows.find((p) => p.use_case === useCase.v)
      if (policy) {
        fix.push({
          text: `The routing policy sends ${useCase.v} (${pct(useCase.n_in / nIn)} of these requests) to ${policy.model_name} (${policy.policy_mode}; ${pct(policy.fail_rate)} failures in history).`,
          rows: rowsOf({ use_case: [useCase.v], model_name: [policy.model_name] }, null)
        })
      }
    } catch {
      // no routing policy for this scope: the other evidence stands
    }
  }
  if (fix.length === 0) fix.push({ text: 'No model or repair strategy did clearly better on these requests in this data: look at the exemplars and the failure type for the fix.' })

  // ---- Verification: what to watch, with today's value
  const verification: DiagnosisSentence[] = [
    {
      text: `Watch the failure rate of ${isCluster ? `cluster #${target.cluster_id}` : 'this selection'} (filter ${isCluster ? `Cluster = #${target.cluster_id}` : `Map selection = #${target.selection_id}`}): today ${pct(rateIn)} (${int(fIn)} of ${int(nIn)}); after a fix it should fall to the rest of the scope's ${pct(rateOut)} or below the failure budget of ${pct(ctx.knobs.FAIL_BUDGET)}.`,
      rows: rowsOf({}, fIn, true)
    }
  ]
  const topCause = candidates.find((c) => c.sentence.rows?.is_failure === true)
  if (topCause?.sentence.rows) {
    const extra = Object.entries(topCause.sentence.rows.filters).find(([k]) => k !== 'cluster' && k !== 'map_selection')
    if (extra) verification.push({ text: `And on ${extra[0].replace('_', ' ')} ${extra[1]?.[0] ?? '(empty)'} alone, where most of the failures are: ${int(topCause.sentence.rows.count ?? 0)} failed today.`, rows: topCause.sentence.rows })
  }
  return { title, rows: nIn, failures: fIn, summary, causes, fix, verification, model: null }
}
