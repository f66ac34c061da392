import { describe, expect, it } from 'vitest'
import { parseLabels, reviewedText, STATUS_KEYS, statusKey } from './annotationText'

describe('annotation text helpers', () => {
  it('parses a comma list of labels', () => {
    expect(parseLabels(' hallucination, api ,, hallucination,')).toEqual(['hallucination', 'api'])
    expect(parseLabels('')).toEqual([])
  })

  it('binds keys 1-4 to the statuses in order, both ways', () => {
    expect(STATUS_KEYS).toEqual({ '1': 'open', '2': 'confirmed_failure', '3': 'false_alarm', '4': 'fixed' })
    expect(statusKey('false_alarm')).toBe('3')
  })

  it('says how much of a queue is reviewed', () => {
    expect(reviewedText({ reviewed: 37, total: 200 })).toBe('37 of 200 reviewed')
    expect(reviewedText({ reviewed: 1200, total: 15000 })).toBe('1,200 of 15,000 reviewed')
  })
})
