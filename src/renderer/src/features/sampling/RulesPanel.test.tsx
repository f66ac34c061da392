// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { SamplingRuleRow, SamplingStage } from '../../../../shared/sampling'
import { RulesPanel } from './RulesPanel'
import { draftFromInputs } from './samplingDraft'

afterEach(cleanup)

/** The boost rule of a policy whose budget cannot hold the boost at factor x the floor. */
const boostRow: SamplingRuleRow = {
  id: 'anomaly_boost',
  name: 'Anomaly days',
  kind: 'boost',
  condition: 'flagged day',
  configured_rate: 0.03,
  rate: 0.02,
  rate_min: 0.01,
  rate_max: 0.0944,
  rows: 500,
  expected_kept_rows: 10,
  sampled_rows: 10,
  locked: false,
  boost: { enabled: true, from_anomalies: true, factor: 3, targets: [], days: 2, strata: 4, detector_error: null, honoured: false, min_share_with_boost: 0.31 }
}

function hint(stage: SamplingStage): string {
  render(<RulesPanel draft={draftFromInputs()} errors={{}} rules={[boostRow]} stage={stage} stale={false} onChange={() => undefined} />)
  return screen.getByTestId('sampling-rule-anomaly_boost').textContent ?? ''
}

describe('RulesPanel boost row', () => {
  it('says the flagged days get less than the factor when the policy is feasible but the boost does not fit', () => {
    const text = hint('feasible')
    expect(text).toContain('needs 31.0%')
    expect(text).toContain('the flagged days get less than x3')
  })

  it.each<SamplingStage>(['rare_slices_scaled', 'keep_rules_sampled'])('says the flagged days are not boosted in stage %s, as the banner does', (stage) => {
    const text = hint(stage)
    expect(text).toContain('the flagged days are not boosted')
    expect(text).not.toContain('less than x3')
  })
})
