// Tests of the triage artifacts: exact JSON / CSV formatting of a hand-made result, stop-ship and not-produced policies, and the notebook sample's expected files.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import type { TriagePolicyMetrics, TriageReady, TriageUnavailable } from '../../shared/triage'
import { runTriage } from '../analysis/triage'
import { ENGINE_KINDS, fixtureContext } from '../analysis/testTable'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import {
  triageActionsCsv,
  triageBaselineComparisonCsv,
  triageCurveCsv,
  triagePolicyJson,
  triageRecommendation,
  triageDecisionSummary,
  TRIAGE_ACTIONS_COLUMNS
} from '../../shared/artifacts/triageArtifacts'

const SAMPLE = fileURLToPath(new URL('../../../test/fixtures/notebook-sample/', import.meta.url))

const metrics = (policy: string, reviewed: number, tp: number): TriagePolicyMetrics => ({
  policy,
  expected_cost: reviewed * 2 + (3 - tp) * 40,
  reviewed_rows: reviewed,
  review_share: reviewed / 4,
  mean_reviews_per_day: reviewed / 2,
  p90_reviews_per_day: reviewed === 0 ? 0 : 2,
  tn: 1 - (reviewed - tp),
  fp: reviewed - tp,
  fn: 3 - tp,
  tp,
  precision: reviewed ? tp / reviewed : 0,
  recall: tp / 3
})

const TIME_SPLIT: TriageReady['time_split'] = {
  windowing_method: 'session_safe_time_split',
  history_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
  history_end_timestamp_utc: '2025-01-02 00:00:00+00:00',
  calibration_source: 'time_tail_of_history',
  calibration_start_timestamp_utc: '2025-01-01 20:00:00+00:00',
  calibration_end_timestamp_utc: '2025-01-02 00:00:00+00:00',
  evaluation_start_timestamp_utc: '2025-01-03 00:00:00+00:00',
  evaluation_end_timestamp_utc: '2025-01-04 09:00:00+00:00',
  cut_ts: '2025-01-02 00:00:00+00:00',
  fit_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
  fit_end_timestamp_utc: '2025-01-01 19:00:00+00:00'
}

const READY: TriageReady = {
  status: 'ok',
  label_definition: 'is_failure (post-call failure triage)',
  features_num: ['latency_ms'],
  features_cat: ['model_name'],
  rows: { fit: 10, calibration: 4, evaluation: 4 },
  time_split: TIME_SPLIT,
  model: {
    lr_n_iter: 5,
    lr_converged: true,
    lr_grad_norm: 1e-10,
    n_inputs: 3,
    platt_A: -2,
    platt_B: 0.5,
    platt_converged: true,
    calibration_fallback: null,
    calibration_rows_used: 4
  },
  metrics: { roc_auc: 1, avg_precision: 1, test_base_rate: 0.75, test_size: 4 },
  threshold: 0.5,
  operating_mode: 'cost_optimal',
  capacity_infeasible_flag: false,
  selected_policy_metrics: { ...metrics('threshold_0.50', 3, 3), policy: 'selected_threshold' },
  cost_optimal_threshold: 0.5,
  cost_optimal_feasible: true,
  days_in_evaluation: 2,
  curve: [
    { ...metrics('threshold_0.05', 4, 3), threshold: 0.05, feasible: true },
    { ...metrics('threshold_0.50', 3, 3), threshold: 0.5, feasible: false }
  ],
  comparison: [{ ...metrics('x', 3, 3), policy: 'selected_threshold' }, metrics('review_all', 4, 3), metrics('top_200_per_day', 4, 3), metrics('review_none', 0, 0)],
  unseen_categories: [],
  // AUC 1 on 3 failures and 1 success: every failure scores above the success
  roc_curve: [
    { fpr: 0, tpr: 0 },
    { fpr: 0, tpr: 1 },
    { fpr: 1, tpr: 1 }
  ],
  pr_curve: [
    { recall: 1 / 3, precision: 1 },
    { recall: 2 / 3, precision: 1 },
    { recall: 1, precision: 1 },
    { recall: 1, precision: 0.75 }
  ],
  queue: [
    { interaction_id: 'b,1', timestamp_utc: '2025-01-03 00:00:00+00:00', use_case: 'chat', model_provider: 'acme', model_name: 'm', cost_usd: 1, latency_ms: 1200, proba_failure: 0.9, action_review: true },
    { interaction_id: 'a', timestamp_utc: '2025-01-04 09:00:00+00:00', use_case: null, model_provider: null, model_name: null, cost_usd: null, latency_ms: 0.5, proba_failure: 0.1, action_review: false }
  ],
  blocked_by: []
}

describe('triagePolicyJson', () => {
  it('writes every key in the reference order, floats as 2.0 and integers as 2', () => {
    const text = triagePolicyJson(READY, DEFAULT_KNOBS)
    const want = JSON.parse(readFileSync(SAMPLE + 'expected/triage_threshold_policy.json', 'utf8'))
    const got = JSON.parse(text)
    const keys = (o: Record<string, unknown>): string[] => Object.keys(o)
    expect(keys(got)).toEqual(keys(want))
    for (const k of ['selected_policy_metrics', 'time_split', 'economics', 'metrics', 'model']) expect(keys(got[k])).toEqual(keys(want[k]))
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "status": "ok",\n  "blocked_by": [],\n')
    expect(text).toContain('"threshold": 0.5,')
    expect(text).toContain('"expected_cost": 6.0,')
    expect(text).toContain('"reviewed_rows": 3,')
    expect(text).toContain('"p90_reviews_per_day": 2.0,')
    expect(text).toContain('"economics": {\n    "review_cost": 2.0,\n    "fn_cost": 40.0,\n    "capacity_per_day": 200,\n    "capacity_p90_guard": 250\n  },')
    expect(text).toContain('"roc_auc": 1.0,')
    expect(text).toContain('"test_size": 4')
    expect(text).toContain('"model": {\n    "lr_n_iter": 5,\n    "platt_A": -2.0,\n    "platt_B": 0.5,\n    "calibration_fallback": null\n  },')
    expect(got.recommendation).toBe('Roll out the selected threshold in shadow mode, then enforce.')
    expect(got.time_split.cut_ts).toBe('2025-01-02 00:00:00+00:00')
    expect(got.baseline_comparison_path).toBe('triage_baseline_comparison.csv')
  })

  it('marks a stop-ship: blocked_by_gate naming the gates, numbers kept', () => {
    const got = JSON.parse(triagePolicyJson(READY, DEFAULT_KNOBS, { blockedBy: ['pk_interactions_unique', 'session_leakage_history_vs_evaluation'] }))
    expect(got.status).toBe('blocked_by_gate')
    expect(got.blocked_by).toEqual(['pk_interactions_unique', 'session_leakage_history_vs_evaluation'])
    expect(got.recommendation).toMatch(/^Blocked by failed integrity gate\(s\): pk_interactions_unique, session_leakage_history_vs_evaluation\./)
    expect(got.threshold).toBe(0.5)
    // The result's own blocked_by is the default.
    expect(JSON.parse(triagePolicyJson({ ...READY, blocked_by: ['g'] }, DEFAULT_KNOBS)).status).toBe('blocked_by_gate')
  })

  it('writes a not_produced policy with the reason when no model could be fitted', () => {
    const none: TriageUnavailable = {
      status: 'unavailable',
      reason: 'fit_single_class',
      detail: 'the 10 fit rows hold no failure; a failure model needs both classes',
      label_definition: READY.label_definition,
      features_num: ['latency_ms'],
      features_cat: [],
      rows: { fit: 10, calibration: 0, evaluation: 3 },
      time_split: TIME_SPLIT,
      blocked_by: []
    }
    const got = JSON.parse(triagePolicyJson(none, DEFAULT_KNOBS))
    expect(got).toMatchObject({ status: 'not_produced', reason: 'fit_single_class', threshold: null, operating_mode: null, metrics: null, model: null })
    expect(got.recommendation).toContain('the 10 fit rows hold no failure')
    expect(triageDecisionSummary(none)).toMatchObject({ triage_status: 'not_produced', triage_reason: 'fit_single_class' })
    expect(JSON.parse(triagePolicyJson(none, DEFAULT_KNOBS, { blockedBy: ['g'] })).status).toBe('blocked_by_gate')
  })
})

describe('triageRecommendation', () => {
  it('has one text per operating mode, and a capacity text for either capacity case', () => {
    expect(triageRecommendation('conservative_review_all_equivalent', false)).toBe(
      'Use as a conservative baseline or lower false-negative cost / add stronger features before rollout.'
    )
    expect(triageRecommendation('capacity_bound', false)).toMatch(/^Review capacity binds/)
    expect(triageRecommendation('capacity_bound', true)).toMatch(/^No threshold fits the review capacity/)
    expect(triageRecommendation('cost_optimal', false, ['g1'])).toMatch(/g1/)
  })
})

describe('triage CSVs', () => {
  it('writes the curve, the comparison and the queue pandas style', () => {
    expect(triageCurveCsv(READY).split('\n').slice(0, 3)).toEqual([
      'policy,expected_cost,reviewed_rows,review_share,mean_reviews_per_day,p90_reviews_per_day,tn,fp,fn,tp,precision,recall,threshold,feasible',
      'threshold_0.05,8.0,4,1.0,2.0,2.0,0,1,0,3,0.75,1.0,0.05,True',
      'threshold_0.50,6.0,3,0.75,1.5,2.0,1,0,0,3,1.0,1.0,0.5,False'
    ])
    expect(triageBaselineComparisonCsv(READY).split('\n')[4]).toBe('review_none,120.0,0,0.0,0.0,0.0,1,0,3,0,0.0,0.0')
    expect(triageActionsCsv(READY)).toBe(
      [
        TRIAGE_ACTIONS_COLUMNS.join(','),
        '"b,1",2025-01-03 00:00:00+00:00,chat,acme,m,1.0,1200.0,0.9,True',
        'a,2025-01-04 09:00:00+00:00,,,,,0.5,0.1,False',
        ''
      ].join('\n')
    )
    expect(triageActionsCsv(READY, 1).split('\n')).toHaveLength(3)
    expect(triageActionsCsv(READY, 0).split('\n')).toEqual([TRIAGE_ACTIONS_COLUMNS.join(','), ''])
  })
})

describe.each(ENGINE_KINDS)('triage artifacts of the notebook sample on %s', (kind) => {
  let engine: Engine
  let r: TriageReady
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    const report = await ingestFiles(engine, [SAMPLE + 'input'], DEFAULT_KNOBS)
    const result = await runTriage(fixtureContext(engine, { report }), { inProcess: true })
    if (result.status !== 'ok') throw new Error(result.detail)
    r = result
  })
  afterAll(async () => {
    await engine.close()
  })

  const lines = (name: string): string[] => readFileSync(SAMPLE + 'expected/' + name, 'utf8').split('\n')

  it('writes the policy JSON of the reference, but for the known flip and the model internals', () => {
    const want = JSON.parse(lines('triage_threshold_policy.json').join('\n'))
    const got = JSON.parse(triagePolicyJson(r, DEFAULT_KNOBS))
    const strip = (o: Record<string, unknown>): Record<string, unknown> => ({ ...o, selected_policy_metrics: null, model: null, metrics: null })
    expect(strip(got)).toEqual(strip(want))
    expect(got.metrics.roc_auc).toBeCloseTo(want.metrics.roc_auc, 12)
    expect(got.metrics.test_size).toBe(want.metrics.test_size)
    expect(got.selected_policy_metrics.reviewed_rows).toBe(want.selected_policy_metrics.reviewed_rows - 1)
    expect(got.model.calibration_fallback).toBeNull()
  })

  it('writes the curve and the comparison with the reference text on every row the flip leaves alone', () => {
    const curve = triageCurveCsv(r).split('\n')
    const wantCurve = lines('triage_threshold_curve.csv')
    expect(curve).toHaveLength(wantCurve.length)
    curve.forEach((line, i) => {
      if (i === 1) expect(line.startsWith('threshold_0.05,774.0,327,')).toBe(true)
      else expect(line).toBe(wantCurve[i])
    })
    const comparison = triageBaselineComparisonCsv(r).split('\n')
    const wantComparison = lines('triage_baseline_comparison.csv')
    expect(comparison.slice(2)).toEqual(wantComparison.slice(2))
  })

  it('writes the whole queue with the reference header, or the first N rows', () => {
    const all = triageActionsCsv(r).split('\n')
    const want = lines('triage_actions_preview.csv')
    expect(all[0]).toBe(want[0])
    expect(all).toHaveLength(want.length)
    expect(all[1].split(',').slice(0, 7)).toEqual(want[1].split(',').slice(0, 7))
    expect(triageActionsCsv(r, 2000).split('\n')).toHaveLength(want.length)
    expect(triageActionsCsv(r, 10).split('\n')).toHaveLength(12)
  })
})
