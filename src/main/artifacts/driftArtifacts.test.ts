// Tests of drift_report.csv: exact formatting of a hand-made block, the decision summary, and the notebook sample's expected file.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DriftBlock, DriftFeatureRow } from '../../shared/drift'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { driftReport } from '../analysis/drift'
import { ENGINE_KINDS, fixtureContext } from '../analysis/testTable'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { DRIFT_REPORT_COLUMNS, driftDecisionSummary, driftReportCsv } from '../../shared/artifacts/driftArtifacts'

const SAMPLE = fileURLToPath(new URL('../../../test/fixtures/notebook-sample/', import.meta.url))

const base: Omit<DriftFeatureRow, 'feature' | 'type' | 'severity'> = {
  psi: null,
  tv_distance: null,
  ks_statistic: null,
  ks_pvalue: null,
  chi2_pvalue: null,
  reference_n: 0,
  current_n: 0,
  distribution: null
}

const BLOCKS: DriftBlock[] = [
  {
    window: {
      kind: 'history_vs_evaluation',
      windowing_method: 'session_safe_time_split',
      reference_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
      reference_end_timestamp_utc: '2025-01-02 00:00:00+00:00',
      current_start_timestamp_utc: '2025-01-03 00:00:00+00:00',
      current_end_timestamp_utc: '2025-01-04 00:00:00+00:00',
      reference_rows: 120,
      current_rows: 60
    },
    features: [
      { ...base, feature: 'latency_ms', type: 'numeric', severity: 'high', psi: 0.25, ks_statistic: 0.5, ks_pvalue: 1e-7, reference_n: 118, current_n: 60 },
      { ...base, feature: 'channel', type: 'categorical', severity: 'medium', tv_distance: 0.1, chi2_pvalue: 1, reference_n: 120, current_n: 60 },
      { ...base, feature: 'cost_usd', type: 'numeric', severity: 'low', psi: 0, ks_statistic: 0, ks_pvalue: 1, reference_n: 120, current_n: 60 }
    ]
  },
  {
    window: {
      kind: 'temporal_early_vs_recent',
      windowing_method: 'temporal_early_vs_recent',
      reference_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
      reference_end_timestamp_utc: '2025-01-01 12:00:00+00:00',
      current_start_timestamp_utc: null,
      current_end_timestamp_utc: null,
      reference_rows: 72,
      current_rows: 0
    },
    features: [{ ...base, feature: 'tokens_per_second', type: 'numeric', severity: 'insufficient_data', reference_n: 70 }]
  }
]

describe('driftReportCsv', () => {
  it('writes the header and one row per feature, pandas style (2.0, 1e-07, empty for null)', () => {
    expect(driftReportCsv(BLOCKS)).toBe(
      [
        DRIFT_REPORT_COLUMNS.join(','),
        '2025-01-01 00:00:00+00:00,2025-01-02 00:00:00+00:00,2025-01-03 00:00:00+00:00,2025-01-04 00:00:00+00:00,120,60,session_safe_time_split,latency_ms,numeric,0.25,,high,0.5,1e-07,,118,60',
        '2025-01-01 00:00:00+00:00,2025-01-02 00:00:00+00:00,2025-01-03 00:00:00+00:00,2025-01-04 00:00:00+00:00,120,60,session_safe_time_split,channel,categorical,,0.1,medium,,,1.0,120,60',
        '2025-01-01 00:00:00+00:00,2025-01-02 00:00:00+00:00,2025-01-03 00:00:00+00:00,2025-01-04 00:00:00+00:00,120,60,session_safe_time_split,cost_usd,numeric,0.0,,low,0.0,1.0,,120,60',
        '2025-01-01 00:00:00+00:00,2025-01-01 12:00:00+00:00,,,72,0,temporal_early_vs_recent,tokens_per_second,numeric,,,insufficient_data,,,,70,0',
        ''
      ].join('\n')
    )
  })

  it('summarises blocks for the decision artifact', () => {
    expect(driftDecisionSummary(BLOCKS)).toEqual({
      drift_rows: 4,
      drift_windowing_methods: ['session_safe_time_split', 'temporal_early_vs_recent'],
      drift_by_window: {
        session_safe_time_split: { rows: 3, medium_high_features: 2, high_features: ['latency_ms'], medium_features: ['channel'] },
        temporal_early_vs_recent: { rows: 1, medium_high_features: 0, high_features: [], medium_features: [] }
      }
    })
  })
})

describe.each(ENGINE_KINDS)('drift_report.csv of the notebook sample on %s', (kind) => {
  let engine: Engine
  let csv: string
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    const report = await ingestFiles(engine, [SAMPLE + 'input'], DEFAULT_KNOBS)
    csv = driftReportCsv(await driftReport(fixtureContext(engine, { report })))
  })
  afterAll(async () => {
    await engine.close()
  })

  it('has the expected text except the last digits of floats (PSI / TV within 1e-6, p-values within 1e-9)', () => {
    const want = readFileSync(SAMPLE + 'expected/drift_report.csv', 'utf8').split('\n')
    const got = csv.split('\n')
    expect(got).toHaveLength(want.length)
    expect(got[0]).toBe(want[0])
    const header = want[0].split(',')
    const tol: Record<string, number> = { psi: 1e-6, tv_distance: 1e-6, ks_statistic: 1e-12, ks_pvalue: 1e-9, chi2_pvalue: 1e-9 }
    expect(got[got.length - 1]).toBe('')
    for (let i = 1; i < want.length - 1; i++) {
      const g = got[i].split(',')
      const w = want[i].split(',')
      expect(g).toHaveLength(w.length)
      header.forEach((col, j) => {
        if (col in tol && w[j] !== '') expect(Math.abs(Number(g[j]) - Number(w[j]))).toBeLessThanOrEqual(tol[col])
        else expect(`${col}=${g[j]}`).toBe(`${col}=${w[j]}`)
      })
    }
  })
})
