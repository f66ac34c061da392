import { describe, expect, it } from 'vitest'
import { found } from '../testSupport'

describe('US_SSN', () => {
  it('finds a social security number after an SSN word', () => {
    expect(found('SSN 123-45-6789 on file', 'US_SSN')).toEqual(['123-45-6789'])
    expect(found('social security number: 123 45 6789', 'US_SSN')).toEqual(['123 45 6789'])
    expect(found('ssn:123456789', 'US_SSN')).toEqual(['123456789'])
  })
  it('does not report invalid ranges or nine digits without an SSN word', () => {
    for (const text of ['SSN 000-12-3456', 'SSN 666-12-3456', 'SSN 912-34-5678', 'SSN 123-00-4567', 'ref 123-45-6789', 'batch 123456789']) {
      expect(found(text, 'US_SSN'), text).toEqual([])
    }
  })
})
