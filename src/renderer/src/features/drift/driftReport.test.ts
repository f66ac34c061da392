import { describe, expect, it } from 'vitest'
import type { DriftBlock, DriftFeatureRow } from '../../../../shared/drift'
import { driftReportCsv, formatMetric, formatPValue, severityCounts, severityRule } from './driftReport'

const WINDOW: DriftBlock['window'] = {
  kind: 'history_vs_evaluation',
  windowing_method: 'dataset_split',
  reference_start_timestamp_utc: '2025-01-01 01:24:28+00:00',
  reference_end_timestamp_utc: '2025-03-01 23:19:58+00:00',
  current_start_timestamp_utc: '2025-01-01 00:37:20+00:00',
  current_end_timestamp_utc: '2025-03-01 23:37:24+00:00',
  reference_rows: 1674,
  current_rows: 359
}

function feature(p: Partial<DriftFeatureRow>): DriftFeatureRow {
  return { feature: 'x', type: 'numeric', psi: null, tv_distance: null, severity: 'low', ks_statistic: null, ks_pvalue: null, chi2_pvalue: null, reference_n: 1674, current_n: 359, distribution: null, ...p }
}

describe('driftReportCsv', () => {
  it('writes rows as the artifact does (two rows of the notebook sample)', () => {
    const csv = driftReportCsv([
      {
        window: WINDOW,
        features: [
          feature({ feature: 'response_quality_score', psi: 0.07435182817824491, ks_statistic: 0.05348222694794714, ks_pvalue: 0.3519050011759658 }),
          feature({ feature: 'account_tier', type: 'categorical', tv_distance: 0.06493711790683665, chi2_pvalue: 0.041899484427523434 })
        ]
      }
    ])
    expect(csv.split('\n')).toEqual([
      'reference_start_timestamp_utc,reference_end_timestamp_utc,current_start_timestamp_utc,current_end_timestamp_utc,reference_rows,current_rows,windowing_method,feature,type,psi,tv_distance,severity,ks_statistic,ks_pvalue,chi2_pvalue,reference_n,current_n',
      '2025-01-01 01:24:28+00:00,2025-03-01 23:19:58+00:00,2025-01-01 00:37:20+00:00,2025-03-01 23:37:24+00:00,1674,359,dataset_split,response_quality_score,numeric,0.07435182817824491,,low,0.05348222694794714,0.3519050011759658,,1674,359',
      '2025-01-01 01:24:28+00:00,2025-03-01 23:19:58+00:00,2025-01-01 00:37:20+00:00,2025-03-01 23:37:24+00:00,1674,359,dataset_split,account_tier,categorical,,0.06493711790683665,low,,,0.041899484427523434,1674,359',
      ''
    ])
  })

  it('writes a whole-number metric as a float, and an empty window with empty bounds', () => {
    const csv = driftReportCsv([{ window: { ...WINDOW, reference_start_timestamp_utc: null, reference_rows: 0 }, features: [feature({ psi: 0, severity: 'low' })] }])
    expect(csv.split('\n')[1]).toBe(',2025-03-01 23:19:58+00:00,2025-01-01 00:37:20+00:00,2025-03-01 23:37:24+00:00,0,359,dataset_split,x,numeric,0.0,,low,,,,1674,359')
  })
})

describe('drift formats', () => {
  it('counts severities and explains the rule', () => {
    expect(severityCounts([feature({ severity: 'high' }), feature({ severity: 'low' }), feature({ severity: 'low' })])).toEqual({ high: 1, medium: 0, low: 2, insufficient_data: 0 })
    expect(severityRule({ type: 'categorical', severity: 'medium' })).toBe('TV ≥ 0.15 high, ≥ 0.08 medium, else low')
    expect(severityRule({ type: 'numeric', severity: 'insufficient_data' })).toMatch(/50 values/)
  })

  it('formats metrics and p-values', () => {
    expect(formatMetric(0.07435182817824491)).toBe('0.0744')
    expect(formatMetric(null)).toBe('—')
    expect(formatPValue(0.041899484427523434)).toBe('0.0419')
    expect(formatPValue(3.2e-7)).toBe('3.2e-07')
    expect(formatPValue(0)).toBe('< 1e-300')
  })
})
