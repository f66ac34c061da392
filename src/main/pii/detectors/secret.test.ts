import { describe, expect, it } from 'vitest'
import { detectText } from '../detect'
import { found } from '../testSupport'

const rules = (text: string): string[] => detectText(text).map((c) => c.rule)

describe('SECRET', () => {
  it('finds provider keys in their issued formats', () => {
    const cases: [string, string][] = [
      ['key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z0AbC', 'openai_api_key'],
      ['OPENAI_API_KEY=sk-T3BlbkFJa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8', 'openai_api_key'],
      ['use sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA_-abcdefghij', 'anthropic_api_key'],
      ['aws AKIAIOSFODNN7EXAMPLE in config', 'aws_access_key_id'],
      ['token ghp_16C7e42F292c6912E7710c838347Ae178B4a here', 'github_token'],
      ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'github_fine_grained_pat'],
      ['slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'slack_token'],
      ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'stripe_secret_key'],
      ['maps AIzaSyD-1234567890abcdefghijklmnopqrstu', 'google_api_key'],
      ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
      ['curl -H "Authorization: Bearer 9f8e7d6c5b4a39281726354a5b6c7d8e"', 'bearer_token'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----', 'private_key_block'],
      ['db postgres://admin:S3cr3tPa55@db.internal:5432/app', 'url_credentials'],
      ['password: Tr0ub4dor&3x', 'credential_assignment'],
      ['api_key="a8Fk29dLq0Zx7Pw3"', 'credential_assignment']
    ]
    for (const [text, rule] of cases) {
      expect(rules(text), text).toContain(rule)
      expect(found(text, 'SECRET').length, text).toBe(1)
    }
  })
  it('spans only the secret value in assignments, bearer headers and URLs', () => {
    expect(found('password: Tr0ub4dor&3x', 'SECRET')).toEqual(['Tr0ub4dor&3x'])
    expect(found('Bearer 9f8e7d6c5b4a39281726354a5b6c7d8e', 'SECRET')).toEqual(['9f8e7d6c5b4a39281726354a5b6c7d8e'])
    expect(found('postgres://admin:S3cr3tPa55@db.internal', 'SECRET')).toEqual(['S3cr3tPa55'])
  })
  it('does not fire on placeholders, UUIDs, commit hashes, prose about keys, or code', () => {
    for (const text of [
      'set OPENAI_API_KEY=YOUR_API_KEY before running',
      'api_key = "<your-key-here>"',
      'password: ********',
      'token = getToken(user)',
      'request id 123e4567-e89b-12d3-a456-426614174000',
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
      'token: 9fceb02d0ae598e95dc970b74767f19372d61af8',
      'the sk-learn library and sk-ant docs',
      'max tokens is 4096 and the password policy needs 12 characters',
      'Bearer token authentication is explained in RFC 6750',
      'use pk_live_ keys only in the browser',
      'AKIA is how AWS key ids begin'
    ]) {
      expect(found(text, 'SECRET'), text).toEqual([])
    }
  })
})
