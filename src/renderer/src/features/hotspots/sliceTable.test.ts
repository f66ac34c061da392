import { describe, expect, it } from 'vitest'
import type { ModelHotspots, RiskSliceTable } from '../../../../shared/analysis'
import type { WindowsInfo } from '../../../../shared/types'
import { drilldown } from '../../lib/drilldown'
import { drilldownNote, historySelector, historyWindowText, hotspotDrilldown, hotspotsCsv, parseMinSupport, readSliceSettings, sliceDrilldown, sliceSettingsParams, sliceTableCsv, urlKeepsWindow } from './sliceTable'

const TABLE: RiskSliceTable = {
  dimensions: ['use_case', 'account_tier'],
  min_requests: 60,
  slices_total: 2,
  rows: [
    { key: ['search', 'enterprise'], requests: 127, fail_rate: 0.06299212598425197, p95_latency: 3002.3639999999978, avg_cost: 0.0020923779527559057, score: 0.8085489443092335 },
    { key: ['unknown', 'free, trial'], requests: 61, fail_rate: 0, p95_latency: null, avg_cost: null, score: null }
  ]
}

describe('slice settings', () => {
  it('reads dimensions and minimum from page parameters, rejecting unknown or equal dimensions', () => {
    expect(readSliceSettings({})).toEqual({ dimensions: ['use_case', 'account_tier'], minText: '' })
    expect(readSliceSettings({ a: 'region', b: 'model_name', min: '30' })).toEqual({ dimensions: ['region', 'model_name'], minText: '30' })
    expect(readSliceSettings({ a: 'region', b: 'region' }).dimensions).toEqual(['use_case', 'account_tier'])
    expect(readSliceSettings({ a: 'user_id', b: 'region' }).dimensions).toEqual(['use_case', 'account_tier'])
    expect(sliceSettingsParams({ dimensions: ['use_case', 'account_tier'], minText: ' ' })).toEqual({})
    expect(sliceSettingsParams({ dimensions: ['region', 'channel'], minText: '5' })).toEqual({ a: 'region', b: 'channel', min: '5' })
  })

  it('accepts a whole number of at least 1 as the minimum support', () => {
    expect(parseMinSupport('')).toEqual({ ok: true, value: null })
    expect(parseMinSupport(' 120 ')).toEqual({ ok: true, value: 120 })
    expect(parseMinSupport('0')).toEqual({ ok: false, message: 'Minimum support must be at least 1 request.' })
    expect(parseMinSupport('-3').ok).toBe(false)
    expect(parseMinSupport('2.5')).toEqual({ ok: false, message: 'Minimum support must be a whole number of requests (1 or more).' })
    expect(parseMinSupport('abc').ok).toBe(false)
    expect(parseMinSupport('99999999999').ok).toBe(false)
  })
})

describe('CSV', () => {
  it('writes the slice table with its two dimensions and full precision', () => {
    expect(sliceTableCsv(TABLE)).toBe(
      'use_case,account_tier,requests,fail_rate,p95_latency,avg_cost,score\n' +
        'search,enterprise,127,0.06299212598425197,3002.3639999999978,0.0020923779527559057,0.8085489443092335\n' +
        'unknown,"free, trial",61,0,,,\n'
    )
  })

  it('writes the model hotspots', () => {
    const h: ModelHotspots = {
      hotspot_fail_rate: 0.06,
      min_requests: 60,
      rows: [{ model_provider: 'openai', model_name: 'gpt', requests: 407, fail_rate: 0.0343980343980344, p95_latency: 2664.437, cost_per_request: 0.0019753022113022114, sla_breach_rate: 0.19164619164619165, bucket: 'sla_risk' }]
    }
    expect(hotspotsCsv(h)).toBe(
      'model_provider,model_name,requests,fail_rate,p95_latency,cost_per_request,sla_breach_rate,bucket\nopenai,gpt,407,0.0343980343980344,2664.437,0.0019753022113022114,0.19164619164619165,sla_risk\n'
    )
  })
})

describe('drilldowns', () => {
  const split = { windowing_method: 'dataset_split' } as WindowsInfo
  const timeSplit = { windowing_method: 'session_safe_time_split' } as WindowsInfo

  it('pick how to select the history window: the scope window when the URL keeps it, else split = train, else nothing', () => {
    expect(historySelector(timeSplit, true)).toBe('window')
    expect(historySelector(split, false)).toBe('split')
    expect(historySelector(timeSplit, false)).toBe('none')
    expect(historySelector(undefined, false)).toBe('none')
    expect(typeof urlKeepsWindow()).toBe('boolean')
  })

  it('open a slice on the history window, with unknown also selecting nulls, expecting the slice count', () => {
    const d = sliceDrilldown(TABLE.dimensions, TABLE.rows[1], 'window')
    expect(d.target).toEqual({ filters: { use_case: ['unknown', null], account_tier: ['free, trial'] }, window: 'history' })
    expect(d.label.expected).toBe(61)
    const nav = drilldown({ filters: { region: ['eu'] } }, d.target, d.label)
    expect(nav.scope).toEqual({ filters: { region: ['eu'], use_case: ['unknown', null], account_tier: ['free, trial'] }, window: 'history' })
    expect(nav.params.expect).toBe('61')
    expect(nav.params.origin).toContain('history window')
  })

  it('select the history window of a dataset split by split = train', () => {
    const d = sliceDrilldown(TABLE.dimensions, TABLE.rows[0], 'split')
    expect(d.target).toEqual({ filters: { use_case: ['search'], account_tier: ['enterprise'], split: ['train'] } })
    expect(d.label).toEqual({ origin: 'Hotspots · Use case search × Tier enterprise (history window: split = train)', expected: 127 })
  })

  it('say so, and expect no count, when the history window cannot be selected', () => {
    const d = sliceDrilldown(TABLE.dimensions, TABLE.rows[0], 'none')
    expect(d.target).toEqual({ filters: { use_case: ['search'], account_tier: ['enterprise'] } })
    expect(d.label.expected).toBeUndefined()
    expect(d.label.origin).toBe('Hotspots · Use case search × Tier enterprise: every window in scope (the history window had 127)')
    expect(drilldownNote('none')).toContain('larger than the number here')
    expect(drilldownNote('split')).toContain('(filter split = train), so its row count equals the number clicked')
  })

  it('open a model on the history window', () => {
    const d = hotspotDrilldown({ model_provider: 'google', model_name: 'gemini', requests: 423, fail_rate: 0.06, p95_latency: 2815, cost_per_request: null, sla_breach_rate: null, bucket: 'high_failure_and_sla' }, 'window')
    expect(d.target).toEqual({ filters: { model_provider: ['google'], model_name: ['gemini'] }, window: 'history' })
    expect(d.label).toEqual({ origin: 'Hotspots · model google / gemini (history window)', expected: 423 })
  })
})

describe('historyWindowText', () => {
  const base = { windowing_method: 'dataset_split', history_rows: 1674, cut_ts: null } as unknown as WindowsInfo
  it('names the window the dataset uses', () => {
    expect(historyWindowText(base)).toBe('the history window (history = train alone, 1,674 rows in the dataset; val is the calibration window only)')
    expect(historyWindowText({ ...base, windowing_method: 'session_safe_time_split', cut_ts: '2025-02-18 10:00:00+00:00' })).toBe(
      'the history window (sessions that started on or before 2025-02-18 10:00:00 UTC, calibration rows included: 1,674 rows in the dataset)'
    )
    expect(historyWindowText({ ...base, windowing_method: null })).toMatch(/has none/)
  })
})
