import { describe, expect, it } from 'vitest'
import { found } from '../testSupport'

describe('IP_ADDRESS', () => {
  it('finds IPv4 and IPv6 addresses', () => {
    expect(found('login from 203.0.113.42 failed', 'IP_ADDRESS')).toEqual(['203.0.113.42'])
    expect(found('hosts 10.0.0.1, 192.168.1.254.', 'IP_ADDRESS')).toEqual(['10.0.0.1', '192.168.1.254'])
    expect(found('server 2001:db8:85a3::8a2e:370:7334 is down', 'IP_ADDRESS')).toEqual(['2001:db8:85a3::8a2e:370:7334'])
    expect(found('[fe80::1ff:fe23:4567:890a]:443', 'IP_ADDRESS')).toEqual(['fe80::1ff:fe23:4567:890a'])
    expect(found('localhost is ::1.', 'IP_ADDRESS')).toEqual(['::1'])
    expect(found('mapped ::ffff:192.0.2.128', 'IP_ADDRESS')).toEqual(['::ffff:192.0.2.128'])
    expect(found('client IP 8.8.8.8', 'IP_ADDRESS')).toEqual(['8.8.8.8'])
  })
  it('does not fire on versions, section numbers, OIDs, times, MACs, C++ scopes or out-of-range quads', () => {
    for (const text of [
      'version 1.2.3.4 released',
      'upgrade to v10.2.3.1',
      'build 4.18.0.305 is out',
      'see section 2.3.1.4',
      'OID 1.3.6.1.4.1.311',
      'at 12:30:45 we paused',
      'MAC 00:1A:2B:3C:4D:5E',
      'std::vector and a::b',
      '999.1.1.1 and 1.2.3.4.5',
      'price 1.99.2.3x'
    ]) {
      expect(found(text, 'IP_ADDRESS'), text).toEqual([])
    }
  })
})
