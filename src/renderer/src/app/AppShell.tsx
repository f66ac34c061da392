/** The app frame: navigation, header, the global filter bar for pages that use it, backend notices, and the page the hash route names. */
import { useCallback, useEffect, useMemo, type ReactElement } from 'react'
import type { Scope } from '../../../shared/scope'
import { loadDimensionOptions } from '../api/dimensionOptions'
import { useQuery } from '../api/useQuery'
import { CLUSTER_FILTER_EMPTY, membershipValueText } from '../lib/dimensions'
import { ErrorState } from '../components/ErrorState'
import { FilterBar } from '../components/FilterBar'
import { Icon } from '../components/Icon'
import { utcDay } from '../lib/format'
import { shortcutPageIndex } from './navKeys'
import { DEFAULT_PAGE_ID, PAGES, findPage, preloadPagesWhenIdle, type PageProps } from './pages'
import { SideNav } from './SideNav'
import { TopBar } from './TopBar'
import { useHashRoute } from './useHashRoute'
import { useWorkbench } from './WorkbenchProvider'

export function AppShell(): ReactElement {
  const [route, navigate] = useHashRoute()
  const wb = useWorkbench()
  const page = findPage(route.page) ?? findPage(DEFAULT_PAGE_ID)!

  // An empty or unknown page in the URL becomes the default page, keeping the scope, without a history entry.
  useEffect(() => {
    if (route.page !== page.id) navigate({ page: page.id, scope: route.scope, params: {} }, { replace: true })
  }, [route.page, route.scope, page.id, navigate])

  // The other pages' chunks load in the background once the first page has drawn.
  useEffect(preloadPagesWhenIdle, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const i = shortcutPageIndex(e, PAGES.length)
      if (i === null) return
      e.preventDefault()
      navigate({ page: PAGES[i].id, scope: route.scope, params: {} })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate, route.scope])

  const onScopeChange = useCallback((scope: Scope) => navigate({ ...route, scope }), [navigate, route])
  const pageProps: PageProps = {
    scope: route.scope,
    onScopeChange,
    params: route.params,
    onParamsChange: (params, opts) => navigate({ ...route, params }, opts),
    navigate: (id, opts) => navigate({ page: id, scope: opts?.scope ?? route.scope, params: opts?.params ?? {} })
  }

  const w = wb.dataset?.report.windows
  const dateBounds = useMemo(() => {
    if (!w) return undefined
    const starts = [w.history_start_timestamp_utc, w.calibration_start_timestamp_utc, w.evaluation_start_timestamp_utc].map(utcDay).filter((d): d is string => !!d)
    const ends = [w.history_end_timestamp_utc, w.calibration_end_timestamp_utc, w.evaluation_end_timestamp_utc].map(utcDay).filter((d): d is string => !!d)
    return { min: starts.length ? starts.sort()[0] : undefined, max: ends.length ? ends.sort()[ends.length - 1] : undefined }
  }, [w])

  // cluster filter chips read "#3 reset password" (the active clusters' labels)
  const clusterStatus = useQuery('getClusterStatus', wb.dataset ? {} : null)
  const clusterLabels = clusterStatus.data?.active?.labels ?? null
  const valueText = useMemo(() => membershipValueText(clusterLabels), [clusterLabels])

  const Page = page.component
  return (
    <div className="app">
      <SideNav
        pages={PAGES}
        currentId={page.id}
        scope={route.scope}
        footer={
          <div className="sidenav__meta">
            <div>{wb.appInfo?.version ?? ' '}</div>
            {wb.appInfo && <div className="muted">{wb.appInfo.mode === 'web' ? 'web mode, 127.0.0.1 only' : 'desktop'}</div>}
            <div className="muted">Alt+1…{Math.min(9, PAGES.length)} switch pages</div>
          </div>
        }
      />
      <div className="main">
        <TopBar page={page} />
        {wb.notice && (
          <div className="banner banner--warn" role="status" data-testid="notice">
            <Icon name="alert" />
            <span>{wb.notice}</span>
            <button type="button" className="btn btn--ghost btn--xs" onClick={wb.dismissNotice}>
              Dismiss
            </button>
          </div>
        )}
        {page.usesScope && wb.dataset && <FilterBar scope={route.scope} onChange={onScopeChange} loadOptions={loadDimensionOptions} dateBounds={dateBounds} valueText={valueText} emptyNotes={{ cluster: CLUSTER_FILTER_EMPTY }} />}
        <main className="page" id="main" data-testid={`page-${page.id}`}>
          {wb.startupError ? (
            <ErrorState title="The analytics backend cannot be reached" error={new Error(wb.startupError)} onRetry={() => window.location.reload()} />
          ) : (
            <Page key={page.id} {...pageProps} />
          )}
        </main>
      </div>
    </div>
  )
}
