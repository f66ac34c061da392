import { describe, expect, it } from 'vitest'
import { found } from '../testSupport'

describe('PHONE_NUMBER', () => {
  it('finds international numbers with a calling code', () => {
    expect(found('Call +1 415-555-0132 today', 'PHONE_NUMBER')).toEqual(['+1 415-555-0132'])
    expect(found('office +44 20 7946 0958.', 'PHONE_NUMBER')).toEqual(['+44 20 7946 0958'])
    expect(found('Berlin: +49 (0)30 901820', 'PHONE_NUMBER')).toEqual(['+49 (0)30 901820'])
    expect(found('+33 1 23 45 67 89', 'PHONE_NUMBER')).toEqual(['+33 1 23 45 67 89'])
    expect(found('whatsapp +919876543210', 'PHONE_NUMBER')).toEqual(['+919876543210'])
    expect(found('dial 0044 20 7946 0958', 'PHONE_NUMBER')).toEqual(['0044 20 7946 0958'])
    expect(found('tel:+1.212.555.0187', 'PHONE_NUMBER')).toEqual(['+1.212.555.0187'])
  })
  it('finds North American and national formats', () => {
    expect(found('my number is (415) 555-0132', 'PHONE_NUMBER')).toEqual(['(415) 555-0132'])
    expect(found('reach me on 415.555.0132 or 212-555-0199', 'PHONE_NUMBER')).toEqual(['415.555.0132', '212-555-0199'])
    expect(found('1-800-555-0199 is our hotline', 'PHONE_NUMBER')).toEqual(['1-800-555-0199'])
    expect(found('UK office 020 7946 0958', 'PHONE_NUMBER')).toEqual(['020 7946 0958'])
    expect(found('Paris 01 23 45 67 89', 'PHONE_NUMBER')).toEqual(['01 23 45 67 89'])
    expect(found('Handy 0151 23456789', 'PHONE_NUMBER')).toEqual(['0151 23456789'])
  })
  it('takes an extension into the value', () => {
    expect(found('Call 001-555-123-4567x1234 now', 'PHONE_NUMBER')).toEqual(['001-555-123-4567x1234'])
    expect(found('phone: 555-123-4567 ext. 89', 'PHONE_NUMBER')).toEqual(['555-123-4567 ext. 89'])
    expect(found('box 12x4', 'PHONE_NUMBER')).toEqual([])
  })
  it('finds bare digits and short local numbers only after a phone word', () => {
    expect(found('call me on 4155550132', 'PHONE_NUMBER')).toEqual(['4155550132'])
    expect(found('my cell: 555-0132', 'PHONE_NUMBER')).toEqual(['555-0132'])
    expect(found('the total was 4155550132', 'PHONE_NUMBER')).toEqual([])
    expect(found('room 555-0132', 'PHONE_NUMBER')).toEqual([])
  })
  it('does not fire on order and ticket numbers, dates, times, amounts, versions, IPs', () => {
    for (const text of [
      'order #415-555-0132 shipped',
      'Order number 212-555-0199 is delayed',
      'ticket 1234567890 was closed',
      'on 2025-02-01 12:30:45 UTC',
      'dates 12/31/2024 and 31.12.2024',
      'a budget under $5,000 or 1.234.567 EUR',
      'version 10.2.3.4 and v1.2.3',
      'from 192.168.100.200 to 10.0.0.1',
      'refunds take 5-10 business days',
      'invoice 2024-00012345',
      'ISBN 978-3-16-148410-0',
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8'
    ]) {
      expect(found(text, 'PHONE_NUMBER'), text).toEqual([])
    }
  })
})
