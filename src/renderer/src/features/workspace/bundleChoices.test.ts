import { describe, expect, it } from 'vitest'
import type { BundlePlan } from '../../../../shared/workspaceApi'
import { choiceKey, choicesToRequest, leavingSummary, setAllText } from './bundleChoices'

const plan: BundlePlan = {
  tables: [
    {
      table: 'interactions',
      rows: 100,
      columns: [
        { name: 'interaction_id', type: 'VARCHAR', text: false },
        { name: 'latency_ms', type: 'DOUBLE', text: false },
        { name: 'request_text', type: 'VARCHAR', text: true },
        { name: 'response_text_snippet', type: 'VARCHAR', text: true }
      ]
    },
    { table: 'samples', rows: 40, columns: [{ name: 'sample_id', type: 'VARCHAR', text: false }, { name: 'raw_request_text', type: 'VARCHAR', text: true }] }
  ],
  masking: { kind: 'redact', description: '' },
  annotations: 0,
  policyVersions: 0
}

describe('bundle column choices', () => {
  it('keeps everything by default: every text column leaves in clear', () => {
    expect(leavingSummary(plan, {})).toEqual({ tables: 2, rows: 140, columns: 6, dropped: 0, masked: 0, clearText: ['interactions.request_text', 'interactions.response_text_snippet', 'samples.raw_request_text'] })
    expect(choicesToRequest(plan, {})).toEqual({ drop: [], mask: [] })
  })

  it('masks or drops all text at once, and any single column', () => {
    const masked = setAllText(plan, 'mask')
    expect(leavingSummary(plan, masked)).toMatchObject({ columns: 6, masked: 3, clearText: [] })
    expect(choicesToRequest(plan, masked).mask.map((c) => c.column)).toEqual(['request_text', 'response_text_snippet', 'raw_request_text'])
    const mixed = { ...setAllText(plan, 'drop'), [choiceKey('interactions', 'request_text')]: 'mask' as const, [choiceKey('interactions', 'latency_ms')]: 'drop' as const }
    expect(choicesToRequest(plan, mixed)).toEqual({
      drop: [
        { table: 'interactions', column: 'latency_ms' },
        { table: 'interactions', column: 'response_text_snippet' },
        { table: 'samples', column: 'raw_request_text' }
      ],
      mask: [{ table: 'interactions', column: 'request_text' }]
    })
    expect(leavingSummary(plan, mixed)).toMatchObject({ columns: 3, dropped: 3, masked: 1, clearText: [] })
  })

  it('never drops interaction_id and never masks a non-text column', () => {
    const c = { [choiceKey('interactions', 'interaction_id')]: 'drop' as const, [choiceKey('interactions', 'latency_ms')]: 'mask' as const }
    expect(choicesToRequest(plan, c)).toEqual({ drop: [], mask: [] })
    expect(leavingSummary(plan, c).columns).toBe(6)
  })
})
