import { describe, expect, it } from 'vitest'
import type { CategoricalDriftDistribution, DriftWindowPair } from '../../../../shared/drift'
import { categoryDrilldown, sideNames } from './driftDrilldown'

const W: DriftWindowPair = {
  kind: 'history_vs_evaluation',
  windowing_method: 'dataset_split',
  reference_start_timestamp_utc: null,
  reference_end_timestamp_utc: null,
  current_start_timestamp_utc: null,
  current_end_timestamp_utc: null,
  reference_rows: 1674,
  current_rows: 359
}
// account_tier shares of 1674 history and 359 evaluation rows
const D: CategoricalDriftDistribution = { type: 'categorical', categories: ['free', 'pro', null], reference: [837 / 1674, 800 / 1674, 37 / 1674], current: [200 / 359, 150 / 359, 9 / 359] }
const N = { reference: 1674, current: 359 }

describe('categoryDrilldown', () => {
  it('selects the category in the side window, expecting its count', () => {
    expect(categoryDrilldown('account_tier', D, 1, 'current', W, N)).toEqual({
      target: { filters: { account_tier: ['pro'] }, window: 'evaluation' },
      label: { origin: 'Drift · account_tier = pro (evaluation)', expected: 150 }
    })
    expect(categoryDrilldown('account_tier', D, 2, 'reference', W, N)).toEqual({
      target: { filters: { account_tier: [null] }, window: 'history' },
      label: { origin: 'Drift · account_tier = (null) (history)', expected: 37 }
    })
  })

  it('uses the side days for date ranges', () => {
    const w: DriftWindowPair = { ...W, kind: 'date_ranges', windowing_method: 'date_ranges', date_ranges: { reference: { from: '2025-01-01', to: '2025-01-30' }, current: { from: '2025-01-31', to: '2025-03-01' } } }
    const r = categoryDrilldown('account_tier', D, 0, 'current', w, N)
    expect(r?.target).toEqual({ filters: { account_tier: ['free'] }, from: '2025-01-31', to: '2025-03-01' })
    expect(r?.label.expected).toBe(200)
    expect(sideNames(w)).toEqual({ reference: 'Reference 2025-01-01 – 2025-01-30', current: 'Current 2025-01-31 – 2025-03-01' })
  })

  it('claims no count for early vs recent, and refuses what the scope cannot filter', () => {
    const r = categoryDrilldown('account_tier', D, 0, 'reference', { ...W, kind: 'temporal_early_vs_recent' }, N)
    expect(r?.target).toEqual({ filters: { account_tier: ['free'] } })
    expect(r?.label.expected).toBeUndefined()
    expect(categoryDrilldown('latency_ms', D, 0, 'reference', W, N)).toBeNull()
    expect(categoryDrilldown('account_tier', D, 9, 'reference', W, N)).toBeNull()
  })
})
