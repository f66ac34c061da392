// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { TableHead } from './TableHead'

afterEach(cleanup)

describe('TableHead', () => {
  it('renders one column header per column, numbers right-aligned, tooltips kept, left-out columns skipped', () => {
    const { container } = render(
      <table>
        <TableHead columns={[{ label: 'Use case' }, { label: 'Requests', num: true, title: 'in the history window' }, false, null, { label: <code>tier</code> }]} />
      </table>
    )
    const ths = Array.from(container.querySelectorAll('thead > tr > th'))
    expect(ths.map((th) => th.textContent)).toEqual(['Use case', 'Requests', 'tier'])
    expect(ths.map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col'])
    expect(ths.map((th) => th.className)).toEqual(['', 'num', ''])
    expect(ths[1].getAttribute('title')).toBe('in the history window')
    expect(ths[0].hasAttribute('title')).toBe(false)
  })
})
