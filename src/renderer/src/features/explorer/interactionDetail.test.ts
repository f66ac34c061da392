import { describe, expect, it } from 'vitest'
import type { InteractionDetail } from '../../../../shared/explorer'
import { detailView, fieldText } from './interactionDetail'

// getInteraction's answer for i0000001 of the notebook sample (abridged), with texts added
const DETAIL: InteractionDetail = {
  fields: [
    { name: 'interaction_id', value: 'i0000001' },
    { name: 'session_id', value: 's000143' },
    { name: 'user_id', value: 'u00083' },
    { name: 'timestamp_utc', value: '2025-02-02T07:39:59Z' },
    { name: 'split', value: 'train' },
    { name: 'use_case', value: 'summarization' },
    { name: 'model_provider', value: 'local' },
    { name: 'model_name', value: 'llama' },
    { name: 'prompt_tokens', value: 317 },
    { name: 'completion_tokens', value: 262 },
    { name: 'total_tokens', value: 579 },
    { name: 'latency_ms', value: 1154.97 },
    { name: 'cost_usd', value: 0.003474 },
    { name: 'tool_calls_count', value: 2 },
    { name: 'is_failure', value: true },
    { name: 'failure_type', value: 'hallucination' },
    { name: 'hallucination_flag', value: true },
    { name: 'toxicity_flag', value: false },
    { name: 'request_text', value: 'Summarise this:\nline two' },
    { name: 'response_text_snippet', value: null }
  ],
  session: []
}

describe('detailView', () => {
  it('reads the facts with units', () => {
    const v = detailView(DETAIL)
    expect(v.id).toBe('i0000001')
    expect(Object.fromEntries(v.facts.map((f) => [f.label, f.value]))).toEqual({
      'Time (UTC)': '2025-02-02 07:39:59',
      'Use case': 'summarization',
      Model: 'local / llama',
      Latency: '1,155.0 ms',
      Tokens: '579 (317 in · 262 out)',
      Cost: '$0.003474',
      'Tool calls': '2',
      Session: 's000143',
      User: 'u00083',
      Split: 'train'
    })
    expect(v.failed).toBe(true)
    expect(v.failureType).toBe('hallucination')
  })

  it('lists the flags present with their state, and the texts in full', () => {
    const v = detailView(DETAIL)
    expect(v.flags).toEqual([
      { name: 'is_failure', set: true },
      { name: 'hallucination_flag', set: true },
      { name: 'toxicity_flag', set: false }
    ])
    expect(v.texts).toEqual([
      { field: 'request_text', label: 'Request', text: 'Summarise this:\nline two' },
      { field: 'response_text_snippet', label: 'Response', text: null }
    ])
  })

  it('keeps every field in table order', () => {
    const v = detailView(DETAIL)
    expect(v.fields.map((f) => f.name)).toEqual(DETAIL.fields.map((f) => f.name))
    expect(v.fields.find((f) => f.name === 'timestamp_utc')?.value).toBe('2025-02-02 07:39:59 UTC')
    expect(fieldText('x', null)).toBe('—')
    expect(fieldText('x', false)).toBe('false')
  })

  it('leaves out what a dataset does not have', () => {
    const v = detailView({ fields: [{ name: 'interaction_id', value: 'x' }], session: [] })
    expect(v.facts).toEqual([])
    expect(v.flags).toEqual([])
    expect(v.texts).toEqual([])
    expect(v.failed).toBeNull()
  })
})
