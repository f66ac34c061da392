import { describe, expect, it } from 'vitest'
import { everything, found } from '../testSupport'

describe('EMAIL_ADDRESS', () => {
  it('finds addresses in several formats, with exact spans', () => {
    expect(found('Contact jane.doe@example.com for access.', 'EMAIL_ADDRESS')).toEqual(['jane.doe@example.com'])
    expect(found('mail: JOHN_SMITH+billing@Mail.Example.co.uk.', 'EMAIL_ADDRESS')).toEqual(['JOHN_SMITH+billing@Mail.Example.co.uk'])
    expect(found('<a.b-c@sub-domain.example.org>, x1@y.io', 'EMAIL_ADDRESS')).toEqual(['a.b-c@sub-domain.example.org', 'x1@y.io'])
    expect(found('écrivez à josé.garcía@correo.es', 'EMAIL_ADDRESS')).toEqual(['josé.garcía@correo.es'])
    expect(found('"user@example.com"', 'EMAIL_ADDRESS')).toEqual(['user@example.com'])
  })
  it('scores a well-formed address above the report score with the rule named', () => {
    const [f] = everything('reach me at a@b.com').map((s) => s)
    expect(f).toBe('EMAIL_ADDRESS:a@b.com')
  })
  it('does not fire on look-alikes', () => {
    for (const text of [
      'see icon@2x.png and logo@3x.jpg',
      'npm i @types/node react@18.2.0 lodash@4.17.21',
      'git clone git@github.com:org/repo.git',
      'ping user@localhost',
      'decorators like @app.route and @Override',
      'price: 3 @ $4.99 each',
      'twitter @jane_doe'
    ]) {
      expect(found(text, 'EMAIL_ADDRESS'), text).toEqual([])
    }
  })
})
