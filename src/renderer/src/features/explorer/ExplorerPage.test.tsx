// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { InteractionDetail, InteractionPage, SqlResult } from '../../../../shared/explorer'
import type { DatasetSummary } from '../../../../shared/types'
import { ApiCallError } from '../../api/client'
import { queryCache } from '../../api/queryCache'
import type { WorkbenchContextValue } from '../../app/WorkbenchProvider'
import { drilldown } from '../../lib/drilldown'
import { ExplorerPage } from './ExplorerPage'

let wb: Partial<WorkbenchContextValue>
const pending: { method: string; req: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []

vi.mock('../../app/WorkbenchProvider', () => ({ useWorkbench: () => wb }))
vi.mock('../../api/client', async (orig) => ({
  ...(await orig<typeof import('../../api/client')>()),
  call: (method: string, req: unknown) => new Promise((resolve, reject) => pending.push({ method, req, resolve, reject }))
}))

const dataset = { id: 1, label: 'input', isDemo: false, engine: 'native', loadedAt: '', loadMs: 1, report: { blocked: false, gates_failed: [] } } as unknown as DatasetSummary
const props = { scope: {}, onScopeChange: vi.fn(), params: {} as Record<string, string>, onParamsChange: vi.fn(), navigate: vi.fn() }

const DESCRIBE: SqlResult = {
  columns: ['column_name', 'column_type'],
  rows: [
    ['interaction_id', 'VARCHAR'],
    ['session_id', 'VARCHAR'],
    ['latency_ms', 'DOUBLE'],
    ['is_failure', 'BOOLEAN']
  ],
  truncated: false,
  elapsedMs: 3
}
const count = (total: number): InteractionPage => ({ columns: ['interaction_id'], rows: [['i0000001']], total, offset: 0 })

async function answer(method: string, value: unknown, match?: (req: unknown) => boolean): Promise<unknown> {
  const i = pending.findIndex((p) => p.method === method && (!match || match(p.req)))
  expect(i, `a ${method} call`).toBeGreaterThanOrEqual(0)
  const [p] = pending.splice(i, 1)
  await act(async () => p.resolve(value))
  return p.req
}

const isCount = (req: unknown): boolean => (req as { withTotal?: boolean }).withTotal === true

beforeEach(() => {
  pending.length = 0
  queryCache.clear()
  wb = { dataset, datasetKnown: true, job: null, loadDemo: vi.fn(), appInfo: { canPickFiles: false } as WorkbenchContextValue['appInfo'] }
  props.onScopeChange.mockReset()
  props.onParamsChange.mockReset()
})
afterEach(cleanup)

describe('ExplorerPage', () => {
  it('counts the scope with one request and shows the total prominently', async () => {
    render(<ExplorerPage {...props} scope={{ is_failure: true }} />)
    await answer('runSql', DESCRIBE)
    const req = await answer('queryInteractions', count(140), isCount)
    expect(req).toEqual({ scope: { is_failure: true }, limit: 1, columns: ['interaction_id'], withTotal: true })
    const el = screen.getByTestId('explorer-count')
    expect(el.getAttribute('data-value')).toBe('140')
    expect(el.textContent).toContain('140')
    expect(screen.getByRole('button', { name: 'Failed' }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('table', { name: 'Interactions in scope' }).getAttribute('aria-rowcount')).toBe('141')
  })

  it('confirms a drilldown whose count matches, and warns when it does not', async () => {
    const nav = drilldown({}, { day: '2025-01-15' }, { origin: 'Overview · requests on 2025-01-15', expected: 45 })
    const { unmount } = render(<ExplorerPage {...props} scope={nav.scope} params={nav.params} />)
    await answer('runSql', DESCRIBE)
    await answer('queryInteractions', count(45), isCount)
    expect(screen.getByTestId('drilldown-banner').textContent).toContain('Drilled down from Overview · requests on 2025-01-15: 45 interactions, as shown there.')
    unmount()
    queryCache.clear()
    render(<ExplorerPage {...props} scope={nav.scope} params={nav.params} />)
    await answer('runSql', DESCRIBE)
    await answer('queryInteractions', count(44), isCount)
    expect(screen.getByTestId('drilldown-banner').textContent).toContain('that number was 45, this view has 44')
    // another filter afterwards: the expected number no longer applies
    cleanup()
    render(<ExplorerPage {...props} scope={{ ...nav.scope, is_failure: true }} params={nav.params} />)
    expect(screen.getByTestId('drilldown-banner').textContent).toContain('the filters have changed since')
  })

  it('puts the outcome filter and the search into the scope', async () => {
    render(<ExplorerPage {...props} scope={{ filters: { use_case: ['coding'] } }} />)
    fireEvent.click(screen.getByRole('button', { name: 'Succeeded' }))
    expect(props.onScopeChange).toHaveBeenLastCalledWith({ filters: { use_case: ['coding'] }, is_failure: false })
    const box = screen.getByRole('searchbox', { name: 'Search request text' })
    fireEvent.change(box, { target: { value: 'refund' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(props.onScopeChange).toHaveBeenLastCalledWith({ filters: { use_case: ['coding'] }, text: 'refund' })
  })

  it('opens the detail drawer named in the URL, and a session request from it', async () => {
    const detail: InteractionDetail = {
      fields: [
        { name: 'interaction_id', value: 'i2' },
        { name: 'session_id', value: 's1' },
        { name: 'is_failure', value: false }
      ],
      session: [
        { interaction_id: 'i1', timestamp_utc: '2025-01-01T00:00:00Z', model_name: 'gpt', is_failure: true, failure_type: 'toxicity', latency_ms: 900, request_text: 'first' },
        { interaction_id: 'i2', timestamp_utc: '2025-01-01T00:05:00Z', model_name: 'gpt', is_failure: false, failure_type: 'none', latency_ms: 800, request_text: 'second' }
      ]
    }
    render(<ExplorerPage {...props} params={{ id: 'i2', tab: 'sql' }} />)
    expect(await answer('getInteraction', detail)).toEqual({ interaction_id: 'i2' })
    const drawer = screen.getByRole('dialog', { name: 'Interaction i2' })
    const items = within(drawer).getAllByTestId('session-item')
    expect(items.map((i) => i.getAttribute('aria-current'))).toEqual([null, 'true'])
    fireEvent.click(items[0])
    expect(props.onParamsChange).toHaveBeenLastCalledWith({ id: 'i1', tab: 'sql' }, undefined)
    fireEvent.keyDown(drawer, { key: 'Escape' })
    expect(props.onParamsChange).toHaveBeenLastCalledWith({ tab: 'sql' }, undefined)
  })

  it('shows a failing SQL query inline and its error message', async () => {
    render(<ExplorerPage {...props} params={{ tab: 'sql' }} />)
    fireEvent.change(screen.getByRole('textbox', { name: 'SQL query' }), { target: { value: 'SELECT nope FROM interactions' } })
    fireEvent.click(screen.getByTestId('sql-run'))
    const i = pending.findIndex((p) => p.method === 'runSql' && (p.req as { sql: string }).sql === 'SELECT nope FROM interactions')
    expect(i).toBeGreaterThanOrEqual(0)
    await act(async () => pending.splice(i, 1)[0].reject(new ApiCallError({ code: 'invalid_request', message: 'Binder Error: Referenced column "nope" not found' })))
    expect(screen.getByRole('alert').textContent).toContain('Referenced column "nope" not found')
  })
})
