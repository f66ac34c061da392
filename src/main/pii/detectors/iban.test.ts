import { describe, expect, it } from 'vitest'
import { everything, found } from '../testSupport'

describe('IBAN_CODE', () => {
  it('finds IBANs printed plain and in groups of four', () => {
    expect(found('IBAN DE89 3704 0044 0532 0130 00.', 'IBAN_CODE')).toEqual(['DE89 3704 0044 0532 0130 00'])
    expect(found('pay GB82WEST12345698765432 now', 'IBAN_CODE')).toEqual(['GB82WEST12345698765432'])
    expect(found('FR14 2004 1010 0505 0001 3M02 606', 'IBAN_CODE')).toEqual(['FR14 2004 1010 0505 0001 3M02 606'])
    expect(found('to NL91ABNA0417164300, ref x', 'IBAN_CODE')).toEqual(['NL91ABNA0417164300'])
    expect(found('my iban is gb82 west 1234 5698 7654 32', 'IBAN_CODE')).toEqual(['gb82 west 1234 5698 7654 32'])
  })
  it('does not fire on a wrong check digit, a short number, identifiers or lower-case without an IBAN word', () => {
    for (const text of ['DE88 3704 0044 0532 0130 00', 'GB82WEST1234569876543', 'ticket AB12-3456', 'sku gb82west12345698765432', 'DE89370400440532013000X']) {
      expect(found(text, 'IBAN_CODE'), text).toEqual([])
    }
  })
  it('an IBAN is one finding, not a phone or card as well', () => {
    expect(everything('DE89 3704 0044 0532 0130 00')).toEqual(['IBAN_CODE:DE89 3704 0044 0532 0130 00'])
  })
})
