// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { lazyPage, PAGE_GROUPS, PAGES, type PageProps } from './pages'

const PROPS: PageProps = { scope: {}, onScopeChange: () => undefined, params: { tab: 'sql' }, onParamsChange: () => undefined, navigate: () => undefined }

function Page({ params }: PageProps): ReactElement {
  return <p data-testid="the-page">tab {params.tab}</p>
}

afterEach(cleanup)

describe('lazyPage', () => {
  it('shows the loading state until the chunk arrives, then the page with its props', async () => {
    let resolve!: (c: typeof Page) => void
    const Lazy = lazyPage(() => new Promise((r) => (resolve = r)), 'Explorer')
    render(<Lazy {...PROPS} />)
    expect(screen.getByRole('status').textContent).toBe('Loading the Explorer page…')
    await act(async () => resolve(Page))
    expect(screen.getByTestId('the-page').textContent).toBe('tab sql')
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('loads the chunk once, and renders at once when it is already there', async () => {
    const load = vi.fn(async () => Page)
    const Lazy = lazyPage(load, 'Drift')
    const first = render(<Lazy {...PROPS} />)
    await act(async () => undefined)
    first.unmount()
    render(<Lazy {...PROPS} />)
    // no loading state in between
    expect(screen.getByTestId('the-page')).toBeTruthy()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('says so, with a reload, when the chunk cannot be fetched', async () => {
    const Lazy = lazyPage(() => Promise.reject(new Error('Failed to fetch dynamically imported module')), 'Triage')
    render(<Lazy {...PROPS} />)
    await act(async () => undefined)
    expect(screen.getByRole('alert').textContent).toContain('Could not load the Triage page')
    expect(screen.getByRole('alert').textContent).toContain('Failed to fetch dynamically imported module')
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})

describe('PAGES', () => {
  it('lists every page once, Overview among them', () => {
    const ids = PAGES.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(['overview', 'alerts', 'explorer', 'hotspots', 'clusters', 'drift', 'compare', 'annotations', 'costs', 'routing', 'triage', 'sampling', 'history', 'privacy', 'data', 'workspace'])
  })

  it('declares pages in the order of their navigation groups, so Alt+N follows the order shown', () => {
    const groupOrder = PAGE_GROUPS.map((g) => g.id)
    const positions = PAGES.map((p) => groupOrder.indexOf(p.group))
    expect(positions.every((g) => g >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })
})
