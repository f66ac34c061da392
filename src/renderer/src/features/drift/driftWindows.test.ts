import { describe, expect, it } from 'vitest'
import { checkDateRanges, dayBounds, defaultDateRanges, describeWindow, draftFromRanges, paramsFromView, viewFromParams } from './driftWindows'

const BOUNDS = { min: '2025-01-01', max: '2025-03-01' }

describe('drift windows', () => {
  it('reads the data days from the dataset time range (UTC)', () => {
    expect(dayBounds({ first_utc: '2025-01-01T00:08:28Z', last_utc: '2025-03-01T23:37:24Z' })).toEqual(BOUNDS)
    expect(dayBounds({ first_utc: null, last_utc: null })).toBeNull()
  })

  it('suggests the first half against the second half of the days', () => {
    // 59 days from Jan 1 to Mar 1: the reference ends on day 29 (Jan 30)
    expect(defaultDateRanges(BOUNDS)).toEqual({ reference: { from: '2025-01-01', to: '2025-01-30' }, current: { from: '2025-01-31', to: '2025-03-01' } })
    expect(defaultDateRanges({ min: '2025-02-03', max: '2025-02-03' })).toEqual({ reference: { from: '2025-02-03', to: '2025-02-03' }, current: { from: '2025-02-03', to: '2025-02-03' } })
  })

  it('validates each end: a real day, inside the data, not before its start', () => {
    const ok = checkDateRanges(draftFromRanges(defaultDateRanges(BOUNDS)), BOUNDS)
    expect(ok.errors).toEqual({})
    expect(ok.warnings).toEqual([])
    expect(ok.ranges?.current.to).toBe('2025-03-01')
    const bad = checkDateRanges({ referenceFrom: '2024-12-31', referenceTo: '2025-02-30', currentFrom: '2025-02-10', currentTo: '2025-02-01' }, BOUNDS)
    expect(bad.ranges).toBeNull()
    expect(bad.errors).toEqual({ referenceFrom: 'the data runs from 2025-01-01 to 2025-03-01', referenceTo: 'a day as YYYY-MM-DD', currentTo: 'must not be before the start' })
  })

  it('warns when the ranges overlap', () => {
    const c = checkDateRanges({ referenceFrom: '2025-01-01', referenceTo: '2025-02-10', currentFrom: '2025-02-01', currentTo: '2025-03-01' }, BOUNDS)
    expect(c.ranges).not.toBeNull()
    expect(c.warnings).toHaveLength(1)
  })

  it('round-trips the view through the page URL and ignores broken values', () => {
    const view = { kind: 'date_ranges' as const, ranges: defaultDateRanges(BOUNDS), feature: 'use_case' }
    expect(paramsFromView(view)).toEqual({ win: 'date_ranges', rf: '2025-01-01', rt: '2025-01-30', cf: '2025-01-31', ct: '2025-03-01', feature: 'use_case' })
    expect(viewFromParams(paramsFromView(view))).toEqual(view)
    expect(viewFromParams({ win: 'nope', rf: '2025-01-05', rt: '2025-01-01', cf: 'x', ct: 'y' })).toEqual({ kind: 'history_vs_evaluation', ranges: null, feature: null })
    expect(paramsFromView({ kind: 'history_vs_evaluation', ranges: null, feature: null })).toEqual({})
  })

  it('describes each pair', () => {
    expect(describeWindow('history_vs_evaluation', 'dataset_split')).toMatch(/history = train \(train alone; val is the calibration window only\)/)
    expect(describeWindow('history_vs_evaluation', 'dataset_split')).not.toMatch(/train \+ val/)
    expect(describeWindow('history_vs_evaluation', 'session_safe_time_split')).toMatch(/calibration rows included/)
    expect(describeWindow('history_vs_evaluation', 'session_safe_time_split')).toMatch(/cut/)
  })
})
