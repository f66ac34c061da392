// Tests of the drift report: hand-computed windows and metrics, exact agreement with stats.ts on raw values, edge cases, and the notebook sample's drift_report.csv.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DriftBlock, DriftFeatureRow } from '../../shared/drift'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import { createEngine, type Engine } from '../engine/engine'
import { runWorker } from '../workers/runWorker'
import { ingestFiles } from '../ingest/ingest'
import { driftFeatures, driftReport, presentInteractionColumns, sortDriftRows } from './drift'
import { type DriftWorkerInput, type DriftWorkerOutput, numericFeatureRows } from './driftNumeric'
import { loadFeatureFrame } from './featureFrame'
import { PSI_TIES } from './psiTiesCase'
import { ksTwoSample, psi } from './stats'
import { ENGINE_KINDS, fixtureContext, fixtureReport, loadInteractions, type FixtureRow } from './testTable'

const SAMPLE = fileURLToPath(new URL('../../../test/fixtures/notebook-sample/', import.meta.url))

function readCsv(file: string): Record<string, string>[] {
  // The expected files have no quoted fields.
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
  const header = lines[0].split(',')
  return lines.slice(1).map((line) => {
    const cells = line.split(',')
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))
  })
}

function feature(block: DriftBlock, name: string): DriftFeatureRow {
  const f = block.features.find((x) => x.feature === name)
  if (!f) throw new Error(`no feature ${name}`)
  return f
}

// Nine rows, worked by hand. Stable time order (timestamp, rowid): r0, r1, r3 (ties r1 at the
// same second, later rowid), r2, r7, r4, r5, r6; r8 has no timestamp and is in no window.
//   history (in_history) = r0..r3; evaluation = r4..r6; r7 is calibration (in neither side).
//   channel: history web, web, api, null; evaluation web, api, api.
//     TV = 0.5 (|1/2 - 1/3| + |1/4 - 2/3| + |1/4 - 0|) = 5/12 -> high
//     chi-square on [[2, 1, 1], [1, 2, 0]] (web, api, null): 2 dof, p = exp(-x / 2)
//   latency_ms: history 100, 200, 300 (+ null), evaluation 150, 250, 400 -> fewer than 50: PSI
//     null, insufficient_data; KS D = 1/3 (ECDFs differ by 1/3 at 100, 200, 300), exact p = 1
//   temporal: 8 timed rows -> first floor(0.4 * 8) = 3 (r0, r1, r3), last floor(0.2 * 8) = 1 (r6)
const HAND: FixtureRow[] = [
  { timestamp_utc: '2025-01-01 00:00:00', in_history: true, win_role: 'fit', latency_ms: 100, channel: 'web' },
  { timestamp_utc: '2025-01-02 00:00:00', in_history: true, win_role: 'fit', latency_ms: 200, channel: 'web' },
  { timestamp_utc: '2025-01-03 00:00:00', in_history: true, win_role: 'fit', latency_ms: 300, channel: 'api' },
  { timestamp_utc: '2025-01-02 00:00:00', in_history: true, win_role: 'fit', latency_ms: null, channel: null },
  { timestamp_utc: '2025-01-05 00:00:00', win_role: 'evaluation', latency_ms: 150, channel: 'web' },
  { timestamp_utc: '2025-01-06 00:00:00', win_role: 'evaluation', latency_ms: 250, channel: 'api' },
  { timestamp_utc: '2025-01-07 12:30:00', win_role: 'evaluation', latency_ms: 400, channel: 'api' },
  { timestamp_utc: '2025-01-04 00:00:00', win_role: 'calibration', latency_ms: 999, channel: 'mobile' },
  { timestamp_utc: null, latency_ms: 5, channel: 'web' }
]

function chi2ByHand(table: number[][]): number {
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0))
  const cols = table[0].map((_, j) => table.reduce((a, r) => a + r[j], 0))
  const grand = rows.reduce((a, b) => a + b, 0)
  let x = 0
  table.forEach((r, i) => r.forEach((o, j) => (x += (o - (rows[i] * cols[j]) / grand) ** 2 / ((rows[i] * cols[j]) / grand))))
  return x
}

describe('sortDriftRows', () => {
  const row = (feature: string, severity: DriftFeatureRow['severity'], psiV: number | null, tv: number | null): DriftFeatureRow => ({
    feature,
    type: psiV === null && tv !== null ? 'categorical' : 'numeric',
    psi: psiV,
    tv_distance: tv,
    severity,
    ks_statistic: null,
    ks_pvalue: null,
    chi2_pvalue: null,
    reference_n: 0,
    current_n: 0,
    distribution: null
  })
  it('orders by severity, then PSI, then TV (descending, nulls last), then feature name', () => {
    const sorted = sortDriftRows([
      row('z_low_psi', 'low', 0.05, null),
      row('b_tie', 'low', null, 0.03),
      row('a_tie', 'low', null, 0.03),
      row('insufficient', 'insufficient_data', null, null),
      row('high_tv', 'high', null, 0.5),
      row('medium_psi', 'medium', 0.15, null),
      row('high_psi', 'high', 0.3, null),
      row('low_psi_big', 'low', 0.09, null)
    ])
    expect(sorted.map((r) => r.feature)).toEqual(['high_psi', 'high_tv', 'medium_psi', 'low_psi_big', 'z_low_psi', 'a_tie', 'b_tie', 'insufficient'])
  })
})

describe('presentInteractionColumns', () => {
  it('takes canonical and aliased source columns and derived ones', () => {
    const report = fixtureReport()
    report.tables.interactions = {
      table: 'interactions',
      file: 'x.csv',
      path: '/x.csv',
      rows: 1,
      bytes: 1,
      sha256: '',
      rejected_rows: 0,
      rejected_examples: [],
      column_mapping: { model_name: 'model' },
      source_columns: [' Latency_MS ', 'model', 'prompt_tokens', 'completion_tokens'],
      unknown_columns: [],
      duplicate_columns: [],
      delimiter: ',',
      encoding: 'utf-8',
      notes: []
    }
    report.normalisation_notes.derived_columns = ['prompt_to_completion_ratio']
    expect([...presentInteractionColumns(report)].sort()).toEqual(['completion_tokens', 'latency_ms', 'model_name', 'prompt_to_completion_ratio', 'prompt_tokens'])
  })
})

describe.each(ENGINE_KINDS)('driftReport on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => {
    await engine.close()
  })

  describe('hand-computed windows and metrics', () => {
    let blocks: DriftBlock[]
    beforeAll(async () => {
      await loadInteractions(engine, HAND)
      blocks = await driftReport(fixtureContext(engine), {
        dateRanges: { reference: { from: '2025-01-01', to: '2025-01-02' }, current: { from: '2025-01-07', to: '2025-01-07' } }
      })
    })

    it('builds history vs evaluation, temporal, and date-range blocks with their bounds and row counts', () => {
      expect(blocks.map((b) => b.window.windowing_method)).toEqual(['dataset_split', 'temporal_early_vs_recent', 'date_ranges'])
      expect(blocks[0].window).toMatchObject({
        kind: 'history_vs_evaluation',
        reference_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
        reference_end_timestamp_utc: '2025-01-03 00:00:00+00:00',
        current_start_timestamp_utc: '2025-01-05 00:00:00+00:00',
        current_end_timestamp_utc: '2025-01-07 12:30:00+00:00',
        reference_rows: 4,
        current_rows: 3
      })
      // The tie at 2025-01-02 is broken by rowid: r1 and r3 are both early, r2 (01-03) is not.
      expect(blocks[1].window).toMatchObject({
        reference_start_timestamp_utc: '2025-01-01 00:00:00+00:00',
        reference_end_timestamp_utc: '2025-01-02 00:00:00+00:00',
        current_start_timestamp_utc: '2025-01-07 12:30:00+00:00',
        current_end_timestamp_utc: '2025-01-07 12:30:00+00:00',
        reference_rows: 3,
        current_rows: 1
      })
      // Inclusive UTC days: 2025-01-02 00:00 is in the reference range, 2025-01-07 12:30 in the current one.
      expect(blocks[2].window).toMatchObject({ reference_rows: 3, current_rows: 1, date_ranges: { reference: { from: '2025-01-01', to: '2025-01-02' } } })
    })

    it('computes TV, chi-square and severity of a categorical feature by hand', () => {
      const ch = feature(blocks[0], 'channel')
      expect(ch.tv_distance).toBeCloseTo(5 / 12, 15)
      expect(ch.severity).toBe('high')
      expect(ch.chi2_pvalue).toBeCloseTo(Math.exp(-chi2ByHand([[2, 1, 1], [1, 2, 0]]) / 2), 14)
      expect([ch.reference_n, ch.current_n]).toEqual([4, 3])
      expect(ch.distribution).toEqual({ type: 'categorical', categories: ['web', 'api', null], reference: [0.5, 0.25, 0.25], current: [1 / 3, 2 / 3, 0] })
      // Temporal: web, web, null vs api -> disjoint -> TV 1.
      expect(feature(blocks[1], 'channel').tv_distance).toBeCloseTo(1, 15)
    })

    it('leaves PSI null under 50 values but still runs KS', () => {
      const lat = feature(blocks[0], 'latency_ms')
      expect(lat).toMatchObject({ psi: null, severity: 'insufficient_data', reference_n: 3, current_n: 3, distribution: null })
      expect(lat.ks_statistic).toBeCloseTo(1 / 3, 15)
      expect(lat.ks_pvalue).toBeCloseTo(1, 12)
      // Temporal: 100, 200 (the early null dropped) vs 400 -> D = 1.
      expect(feature(blocks[1], 'latency_ms')).toMatchObject({ ks_statistic: 1, reference_n: 2, current_n: 1 })
    })

    it('reports all-null features without NaN: numeric insufficient, categorical one null category', () => {
      const cost = feature(blocks[0], 'cost_usd')
      expect(cost).toMatchObject({ psi: null, ks_statistic: null, ks_pvalue: null, severity: 'insufficient_data', reference_n: 0, current_n: 0 })
      expect(feature(blocks[0], 'region')).toMatchObject({ tv_distance: 0, chi2_pvalue: 1, severity: 'low', reference_n: 4, current_n: 3 })
    })

    it('sorts each block: high first, exact ties by name, insufficient data last', () => {
      expect(blocks[0].features.map((f) => f.feature)).toEqual([
        'channel',
        'account_tier',
        'model_name',
        'model_provider',
        'region',
        'segment',
        'use_case',
        'completion_tokens',
        'cost_usd',
        'latency_ms',
        'prompt_to_completion_ratio',
        'prompt_tokens',
        'response_quality_score',
        'tokens_per_second',
        'tool_calls_count',
        'total_tokens'
      ])
    })

    it('applies the scope to every window, the temporal split included', async () => {
      const scoped = await driftReport(fixtureContext(engine, { scope: { filters: { channel: ['web'] } } }))
      expect([scoped[0].window.reference_rows, scoped[0].window.current_rows]).toEqual([2, 1])
      // Timed web rows r0, r1, r4: floor(1.2) = 1 early row, floor(0.6) = 0 recent rows.
      expect(scoped[1].window).toMatchObject({ reference_rows: 1, current_rows: 0, current_start_timestamp_utc: null, current_end_timestamp_utc: null })
      expect(scoped[1].features.every((f) => f.severity === 'insufficient_data')).toBe(true)
    })

    it('gives the same numbers from a frame the caller pulled with more features (as analyze shares one with triage)', async () => {
      const ctx = fixtureContext(engine)
      const f = driftFeatures(ctx.report)
      const frame = await loadFeatureFrame(ctx, { numeric: [...f.numeric, 'temperature'], categorical: [...f.categorical, 'failure_type'] })
      const shared = await driftReport(ctx, {
        frame,
        dateRanges: { reference: { from: '2025-01-01', to: '2025-01-02' }, current: { from: '2025-01-07', to: '2025-01-07' } }
      })
      expect(shared).toEqual(blocks)
    })

    it('rejects a malformed date range before any SQL sees it', async () => {
      await expect(
        driftReport(fixtureContext(engine), { dateRanges: { reference: { from: "2025-01-01'; DROP", to: '2025-01-02' }, current: { from: '2025-01-07', to: '2025-01-07' } } })
      ).rejects.toThrow(/not a YYYY-MM-DD day/)
    })

    it('compares only the features the file provides', async () => {
      const report: IntegrityReport = fixtureReport()
      report.tables.interactions = {
        table: 'interactions',
        file: 'x.csv',
        path: '/x.csv',
        rows: 9,
        bytes: 1,
        sha256: '',
        rejected_rows: 0,
        rejected_examples: [],
        column_mapping: {},
        source_columns: ['timestamp_utc', 'latency_ms', 'channel'],
        unknown_columns: [],
        duplicate_columns: [],
        delimiter: ',',
        encoding: 'utf-8',
        notes: []
      }
      const only = await driftReport(fixtureContext(engine, { report }))
      expect(only[0].features.map((f) => f.feature)).toEqual(['channel', 'latency_ms'])
    })
  })

  it('computes PSI on 10 reference-quantile bins by hand', async () => {
    // History 1..100: edges 1, 10.9, 20.8, ..., 100, ten reference values per bin (0.1 each).
    // Evaluation: fifty 5s, all in the first bin -> proportions 1, then nine 0s clipped to 1e-6.
    const rows: FixtureRow[] = []
    for (let v = 1; v <= 100; v++) rows.push({ timestamp_utc: '2025-01-01 00:00:00', in_history: true, win_role: 'fit', latency_ms: v })
    for (let k = 0; k < 50; k++) rows.push({ timestamp_utc: '2025-01-02 00:00:00', win_role: 'evaluation', latency_ms: 5 })
    await loadInteractions(engine, rows)
    const [block] = await driftReport(fixtureContext(engine))
    const lat = feature(block, 'latency_ms')
    const want = (1 - 0.1) * Math.log(1 / 0.1) + 9 * (1e-6 - 0.1) * Math.log(1e-6 / 0.1)
    expect(lat.psi).toBeCloseTo(want, 12)
    expect(lat.severity).toBe('high')
    expect(lat.ks_statistic).toBeCloseTo(0.95, 15)
    if (lat.distribution?.type !== 'numeric') throw new Error('expected a numeric distribution')
    expect(lat.distribution.edges).toHaveLength(11)
    expect(lat.distribution.edges[1]).toBeCloseTo(10.9, 12)
    expect(lat.distribution.reference).toEqual(new Array(10).fill(0.1))
    expect(lat.distribution.current).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  })

  it('puts values tied with an edge in the bin numpy does (levels i * 0.1: 0.3, 0.6, 0.7 fall just above a tie)', async () => {
    const rows: FixtureRow[] = [
      ...PSI_TIES.reference.map((v): FixtureRow => ({ timestamp_utc: '2025-01-01 00:00:00', in_history: true, win_role: 'fit', cost_usd: v })),
      ...PSI_TIES.current.map((v): FixtureRow => ({ timestamp_utc: '2025-01-02 00:00:00', win_role: 'evaluation', cost_usd: v }))
    ]
    await loadInteractions(engine, rows)
    const [block] = await driftReport(fixtureContext(engine))
    const cost = feature(block, 'cost_usd')
    expect(Math.abs((cost.psi as number) - PSI_TIES.psi)).toBeLessThanOrEqual(1e-12)
    if (cost.distribution?.type !== 'numeric') throw new Error('expected a numeric distribution')
    expect(cost.distribution.edges).toEqual(PSI_TIES.edges)
    expect(cost.distribution.reference).toEqual(PSI_TIES.referenceCounts.map((c) => c / 61))
    expect(cost.distribution.current).toEqual(PSI_TIES.currentCounts.map((c) => c / 60))
    expect(cost.severity).toBe('high')
  })

  it('matches stats.psi and stats.ksTwoSample on the raw values exactly, beyond the exact-KS size, by counting and by sorting', async () => {
    // 30000 history and 12000 evaluation rows with many ties (one decimal), so KS takes the
    // asymptotic path; a few nulls that must be dropped.
    await loadInteractions(engine, [])
    await engine.run(
      `INSERT INTO interactions (timestamp_utc, in_history, win_role, latency_ms, cost_usd, tokens_per_second, total_tokens, prompt_tokens, channel)
       SELECT TIMESTAMP '2025-01-01 00:00:00' + to_seconds(i::BIGINT), i < 30000, CASE WHEN i < 30000 THEN 'fit' ELSE 'evaluation' END,
              CASE WHEN i % 997 = 0 THEN NULL ELSE round((hash(i) % 20011) / 13.0 + CASE WHEN i >= 30000 THEN 40 ELSE 0 END, 1) END,
              (hash(i * 7) % 1000) / 1000.0,
              sqrt((hash(i * 5) % 50000)::DOUBLE) + CASE WHEN i >= 30000 THEN 0.5 ELSE 0 END,
              (hash(i * 11) % 4000) * 1000 - 5e5,
              CASE WHEN i < 20000 THEN (i % 100) - 30 ELSE (i % 100) + 0.25 END,
              CASE hash(i * 3) % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'api' ELSE 'mobile' END
       FROM range(42000) t(i)`
    )
    const [block] = await driftReport(fixtureContext(engine))
    // One decimal, three decimals, and whole numbers that gain two decimals late in the table go
    // through fixed-point counting; whole numbers spread over more than 2^20 steps through a sort of
    // their steps; square roots (no decimal scale) through the radix sort of the doubles.
    for (const f of ['latency_ms', 'cost_usd', 'prompt_tokens', 'tokens_per_second', 'total_tokens']) {
      const pull = async (where: string): Promise<number[]> =>
        (await engine.all<{ v: number | null }>(`SELECT ${f} AS v FROM interactions WHERE ${where} ORDER BY rowid`)).map((r) => r.v as number)
      const ref = await pull('in_history')
      const cur = await pull("win_role = 'evaluation'")
      const got = feature(block, f)
      const want = psi(ref, cur)
      const ks = ksTwoSample(ref, cur)
      expect(got.psi).toBe(want.psi)
      expect(got.distribution?.type === 'numeric' ? got.distribution.edges : null).toEqual(want.edges)
      expect(ks?.method).toBe('asymp')
      expect(got.ks_statistic).toBe(ks?.statistic)
      expect(got.ks_pvalue).toBe(ks?.pvalue)
    }
    expect(feature(block, 'latency_ms').reference_n).toBe(30000 - 31)
  })

  it('gives the same report with the numeric features shared with the drift worker thread as on this thread alone', async () => {
    const ctx = fixtureContext(engine)
    const frame = await loadFeatureFrame(ctx, driftFeatures(ctx.report))
    // The frame's numeric columns live in shared memory, which the worker reads without a copy.
    expect(Object.values(frame.numeric).every((c) => c.buffer instanceof SharedArrayBuffer)).toBe(true)
    const ranges = { reference: { from: '2025-01-01', to: '2025-01-01' }, current: { from: '2025-01-01', to: '2025-01-02' } }
    const alone = await driftReport(ctx, { frame, parallel: false, dateRanges: ranges })
    expect(await driftReport(ctx, { frame, parallel: true, dateRanges: ranges })).toEqual(alone)
    // A frame built outside the engine (plain memory) is copied into shared memory for the worker.
    const plain = { ...frame, numeric: Object.fromEntries(Object.entries(frame.numeric).map(([f, c]) => [f, Float64Array.from(c)])) }
    expect(await driftReport(ctx, { frame: plain, parallel: true, dateRanges: ranges })).toEqual(alone)
  })

  it('treats -0 and 0 as one value', async () => {
    await loadInteractions(engine, [])
    await engine.run(
      `INSERT INTO interactions (timestamp_utc, in_history, win_role, latency_ms)
       SELECT TIMESTAMP '2025-01-01 00:00:00', r = 'fit', r, v
       FROM (VALUES ('fit', -0.0::DOUBLE), ('fit', 1.0), ('fit', 2.0), ('evaluation', 0.0::DOUBLE), ('evaluation', 1.0), ('evaluation', 2.0)) t(r, v)`
    )
    const [block] = await driftReport(fixtureContext(engine))
    expect(feature(block, 'latency_ms')).toMatchObject({ ks_statistic: 0, ks_pvalue: 1, reference_n: 3, current_n: 3 })
  })

  it.each([
    [0.4, 0.2],
    [0.7, 0.5],
    [0.5, 0.5],
    [1, 1]
  ])('takes the early %f and the recent %f of the rows by (timestamp, rowid), ties at either boundary by position', async (refFrac, curFrac) => {
    // 300 rows over 6 distinct timestamps out of order, so both boundaries fall inside runs of ties;
    // the latency is the row's position, so the windows' binned shares show which rows they hold.
    await loadInteractions(engine, [])
    await engine.run(
      `INSERT INTO interactions (timestamp_utc, in_history, win_role, latency_ms)
       SELECT TIMESTAMP '2025-01-01 00:00:00' + to_hours(((i * 7) % 6)::BIGINT), true, 'fit', i FROM range(300) t(i)`
    )
    const blocks = await driftReport(fixtureContext(engine, { knobs: { DRIFT_REFERENCE_FRAC: refFrac, DRIFT_CURRENT_FRAC: curFrac } }))
    const rows = Array.from({ length: 300 }, (_, i) => ({ i, h: (i * 7) % 6 })).sort((a, b) => a.h - b.h || a.i - b.i)
    const early = rows.slice(0, Math.floor(refFrac * 300))
    const recent = rows.slice(300 - Math.floor(curFrac * 300))
    const hour = (h: number): string => `2025-01-01 0${h}:00:00+00:00`
    expect(blocks[1].window).toMatchObject({
      reference_rows: early.length,
      current_rows: recent.length,
      reference_start_timestamp_utc: hour(early[0].h),
      reference_end_timestamp_utc: hour(early[early.length - 1].h),
      current_start_timestamp_utc: hour(recent[0].h),
      current_end_timestamp_utc: hour(recent[recent.length - 1].h)
    })
    const lat = feature(blocks[1], 'latency_ms')
    expect([lat.reference_n, lat.current_n]).toEqual([early.length, recent.length])
    const sorted = (xs: { i: number }[]): number[] => xs.map((x) => x.i).sort((a, b) => a - b)
    const dist = lat.distribution
    if (dist?.type !== 'numeric') throw new Error('numeric distribution expected')
    const share = (xs: number[], k: number): number => xs.filter((x) => x >= dist.edges[k] && (k === dist.edges.length - 2 ? x <= dist.edges[k + 1] : x < dist.edges[k + 1])).length / xs.length
    expect(dist.reference).toEqual(dist.reference.map((_, k) => share(sorted(early), k)))
    expect(dist.current).toEqual(dist.current.map((_, k) => share(sorted(recent), k)))
  })

  it('returns insufficient_data everywhere when nothing is windowed', async () => {
    await loadInteractions(engine, [{ latency_ms: 1, channel: 'web' }])
    const report = fixtureReport()
    report.windows = { ...report.windows, windowing_method: null }
    const blocks = await driftReport(fixtureContext(engine, { report }))
    expect(blocks.map((b) => b.window.windowing_method)).toEqual(['none', 'temporal_early_vs_recent'])
    for (const b of blocks) {
      expect(b.window).toMatchObject({ reference_rows: 0, current_rows: 0, reference_start_timestamp_utc: null })
      expect(b.features.every((f) => f.severity === 'insufficient_data' && f.psi === null && f.tv_distance === null)).toBe(true)
    }
  })

  it('reproduces the notebook sample drift_report.csv (PSI / TV within 1e-6, counts exact, same order)', async () => {
    await engine.run('DROP TABLE IF EXISTS interactions')
    const report = await ingestFiles(engine, [SAMPLE + 'input'], DEFAULT_KNOBS)
    const blocks = await driftReport(fixtureContext(engine, { report }))
    const expected = readCsv(SAMPLE + 'expected/drift_report.csv')
    const got = blocks.flatMap((b) => b.features.map((f) => ({ w: b.window, f })))
    expect(got).toHaveLength(expected.length)
    const num = (s: string): number | null => (s === '' ? null : Number(s))
    const close = (a: number | null, b: number | null, tol: number): void => {
      if (b === null) expect(a).toBeNull()
      else expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)))
    }
    got.forEach(({ w, f }, i) => {
      const e = expected[i]
      expect([w.reference_start_timestamp_utc, w.reference_end_timestamp_utc, w.current_start_timestamp_utc, w.current_end_timestamp_utc]).toEqual([
        e.reference_start_timestamp_utc,
        e.reference_end_timestamp_utc,
        e.current_start_timestamp_utc,
        e.current_end_timestamp_utc
      ])
      expect([w.reference_rows, w.current_rows, w.windowing_method, f.feature, f.type, f.severity, f.reference_n, f.current_n]).toEqual([
        Number(e.reference_rows),
        Number(e.current_rows),
        e.windowing_method,
        e.feature,
        e.type,
        e.severity,
        Number(e.reference_n),
        Number(e.current_n)
      ])
      close(f.psi, num(e.psi), 1e-6)
      close(f.tv_distance, num(e.tv_distance), 1e-6)
      close(f.ks_statistic, num(e.ks_statistic), 1e-12)
      close(f.ks_pvalue, num(e.ks_pvalue), 1e-9)
      close(f.chi2_pvalue, num(e.chi2_pvalue), 1e-9)
    })
  })
})

describe('the drift worker thread', () => {
  const sharedOf = (values: number[]): Float64Array => {
    const a = new Float64Array(new SharedArrayBuffer(values.length * 8))
    a.set(values)
    return a
  }
  const input = (ready: number): DriftWorkerInput => {
    const n = 400
    const bits = new Uint8Array(new SharedArrayBuffer(n))
    for (let i = 0; i < n; i++) bits[i] = i < 200 ? 1 : 2
    return {
      features: ['latency_ms', 'cost_usd', 'tokens_per_second'],
      columns: [
        sharedOf(Array.from({ length: n }, (_, i) => 100 + (i % 37) + (i >= 200 ? 9 : 0))),
        sharedOf(Array.from({ length: n }, (_, i) => ((i * 7) % 101) / 1000)),
        sharedOf(Array.from({ length: n }, (_, i) => (i % 11 === 0 ? Number.NaN : Math.sqrt(i))))
      ],
      bits,
      nPairs: 1,
      next: new Int32Array(new SharedArrayBuffer(4)),
      ready: new Int32Array(new SharedArrayBuffer(4)).fill(ready)
    }
  }

  it('takes every feature off the shared counter once the bits are ready and answers with the rows this thread computes', async () => {
    const job = input(1)
    const out = await runWorker<DriftWorkerInput, DriftWorkerOutput>('driftWorker', job)
    expect(out.rows.map(([j]) => j)).toEqual([0, 1, 2])
    for (const [j, rows] of out.rows) expect(rows).toEqual(numericFeatureRows(job.features[j], job.columns[j], job.bits, 1))
    // The counter moved past every feature: a thread taking from it now gets none.
    expect(Atomics.load(job.next, 0)).toBeGreaterThanOrEqual(3)
  })

  it('returns nothing when its caller gave up before writing the bits', async () => {
    const job = input(2)
    expect(await runWorker<DriftWorkerInput, DriftWorkerOutput>('driftWorker', job)).toEqual({ rows: [] })
    expect(Atomics.load(job.next, 0)).toBe(0)
  })
})
