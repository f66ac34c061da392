/** The filter bar's "Compare" menu: from any filter state, compare it with its previous period or (when it selects one model) with another model, or open the Compare page with it as A. */
import { useState, type ReactElement } from 'react'
import type { Scope } from '../../../../shared/scope'
import { fetchCached, useQuery } from '../../api/useQuery'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { usePaletteCommands } from '../../app/paletteCommands'
import { COMPARE_PAGE_ID, compareNavigation, previousPeriodComparison, singleModel, withModel } from '../../lib/compareLink'
import { valueLabel } from '../../lib/dimensions'
import { formatInt } from '../../lib/format'
import './compare.css'

export interface CompareMenuProps {
  scope: Scope
  navigate: (pageId: string, opts: { scope: Scope; params: Record<string, string> }) => void
}

/** Navigates to the comparison of the scope's previous period (A) with its current one (B), as the Overview computes them; resolves to why not, or null. */
async function goPreviousPeriod(scope: Scope, navigate: CompareMenuProps['navigate']): Promise<string | null> {
  try {
    const d = await fetchCached('getHealthDelta', { scope })
    if (!d.current_range || !d.previous_range) return 'These filters select no timed request: there is no previous period.'
    const c = previousPeriodComparison(scope, d.current_range, d.previous_range)
    navigate(COMPARE_PAGE_ID, compareNavigation(c.a, c.b))
    return null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

export function CompareMenu({ scope, navigate }: CompareMenuProps): ReactElement {
  usePaletteCommands([
    { id: 'compare-previous-period', label: 'Compare these filters with the previous period', section: 'Action', keywords: 'week month before after change', run: () => void goPreviousPeriod(scope, navigate) },
    { id: 'compare-open', label: 'Compare these filters with another slice', section: 'Action', keywords: 'a/b test model versus', run: () => navigate(COMPARE_PAGE_ID, { scope, params: {} }) }
  ])
  return (
    <Popover
      label={
        <>
          <Icon name="compare" /> Compare
        </>
      }
      ariaLabel="Compare these filters"
      buttonClassName="btn btn--sm"
      panelClassName="compare-menu"
      align="end"
      testId="compare-menu"
    >
      {(close) => <CompareMenuBody scope={scope} navigate={navigate} close={close} />}
    </Popover>
  )
}

function CompareMenuBody({ scope, navigate, close }: CompareMenuProps & { close: () => void }): ReactElement {
  const [message, setMessage] = useState<string | null>(null)
  const current = singleModel(scope)
  const others = useQuery('distinctValues', current === undefined ? null : { dimension: 'model_name', scope: { ...scope, filters: { ...scope.filters, model_name: [], model_provider: [] } }, limit: 50 })
  const go = (a: Scope, b: Scope): void => {
    close()
    navigate(COMPARE_PAGE_ID, compareNavigation(a, b))
  }
  const previous = async (): Promise<void> => {
    const why = await goPreviousPeriod(scope, (id, opts) => {
      close()
      navigate(id, opts)
    })
    setMessage(why)
  }
  return (
    <div className="compare-menu__body" data-testid="compare-menu-body">
      <button type="button" className="link-btn" onClick={() => void previous()} data-testid="compare-menu-previous">
        …with the previous period
      </button>
      {current !== undefined ? (
        <div>
          <div className="muted">…with another model (same filters):</div>
          <ul className="compare-menu__models">
            {(others.data ?? [])
              .filter((m) => m.value !== current)
              .map((m) => (
                <li key={m.value ?? '\u0000'}>
                  <button type="button" className="link-btn" onClick={() => go(scope, withModel(scope, m.value))} data-testid={`compare-menu-model-${m.value ?? 'null'}`}>
                    {valueLabel(m.value)} <span className="muted">({formatInt(m.count)})</span>
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ) : (
        <div className="muted">Select one model in the filters to compare it with another, or pick two models on the Compare page.</div>
      )}
      <button
        type="button"
        className="link-btn"
        onClick={() => {
          close()
          navigate(COMPARE_PAGE_ID, { scope, params: {} })
        }}
        data-testid="compare-menu-open"
      >
        Open Compare with these filters as A
      </button>
      {message && (
        <div className="warn-text" role="status">
          {message}
        </div>
      )}
    </div>
  )
}
