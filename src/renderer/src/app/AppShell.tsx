/** The app frame: navigation, header, the global filter bar for pages that use it, backend notices, the command palette, workspace notices and file actions, and the page the hash route names. */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { ScopeSchema, type Scope } from '../../../shared/scope'
import { FileActionsProvider, useFileActions } from '../features/workspace/FileActions'
import { WorkspaceBanners } from '../features/workspace/WorkspaceBanners'
import { patchWorkspaceUi, useWorkspace, windowTitle } from './workspaceStore'
import { loadDimensionOptions } from '../api/dimensionOptions'
import { useQuery } from '../api/useQuery'
import { CLUSTER_FILTER_EMPTY, membershipValueText } from '../lib/dimensions'
import { ErrorState } from '../components/ErrorState'
import { FilterBar } from '../components/FilterBar'
import { CompareMenu } from '../features/compare/CompareMenu'
import { ClusterWorkspaceRestore } from '../features/clusters/clusterWorkspace'
import { Icon } from '../components/Icon'
import { utcDay } from '../lib/format'
import { useTheme } from '../components/ThemeProvider'
import { CommandPalette } from './CommandPalette'
import { isPaletteShortcut, type PaletteCommand } from './commandPalette'
import { shortcutLabel, shortcutPageIndex } from './navKeys'
import { usePaletteCommands, useRegisteredCommands } from './paletteCommands'
import { DEFAULT_PAGE_ID, PAGE_GROUPS, PAGES, findPage, preloadPagesWhenIdle, type PageProps } from './pages'
import { SideNav } from './SideNav'
import { PageHeader, TopBar } from './TopBar'
import { useHashRoute } from './useHashRoute'
import { useWorkbench } from './WorkbenchProvider'

/** The page the URL named when the window opened (before the shell redirects an empty route): a bookmark or reload wins over a workspace's saved page. */
const INITIAL_PAGE = typeof window === 'undefined' ? '' : window.location.hash.replace(/^#\/?/, '').split('?')[0]

export function AppShell(): ReactElement {
  const [route] = useHashRoute()
  return (
    <FileActionsProvider scope={route.scope}>
      <Shell />
    </FileActionsProvider>
  )
}

function Shell(): ReactElement {
  const [route, navigate] = useHashRoute()
  const ws = useWorkspace()
  const files = useFileActions()
  const [dragging, setDragging] = useState(false)
  const wb = useWorkbench()
  const page = findPage(route.page) ?? findPage(DEFAULT_PAGE_ID)!

  // An empty or unknown page in the URL becomes the default page, keeping the scope, without a history entry.
  useEffect(() => {
    if (route.page !== page.id) navigate({ page: page.id, scope: route.scope, params: {} }, { replace: true })
  }, [route.page, route.scope, page.id, navigate])

  // Another workspace was opened (or the one the server started with): show its page, filters and the page's settings.
  const shownEpoch = useRef(0)
  useEffect(() => {
    if (!ws.ui || ws.uiEpoch === shownEpoch.current) return
    const first = shownEpoch.current === 0
    shownEpoch.current = ws.uiEpoch
    // at start-up a URL that names a page wins (a bookmark, a reload); an untitled workspace has nothing to show
    if (first && (INITIAL_PAGE !== '' || !ws.state?.path)) return
    const scope = ScopeSchema.safeParse(ws.ui.filters)
    const target = findPage(ws.ui.page) ? ws.ui.page : DEFAULT_PAGE_ID
    navigate({ page: target, scope: scope.success ? scope.data : {}, params: ws.ui.page_params[target] ?? {} })
  }, [ws.uiEpoch, ws.ui, ws.state?.path, navigate])

  // What the window shows is part of the workspace: page, filters and each page's settings (sent debounced).
  useEffect(() => {
    if (!ws.ui || shownEpoch.current !== ws.uiEpoch) return
    patchWorkspaceUi({ page: page.id, filters: route.scope, page_params: { ...ws.ui.page_params, [page.id]: route.params } })
  }, [page.id, route.scope, route.params, ws.ui, ws.uiEpoch])

  useEffect(() => {
    document.title = windowTitle(ws.state)
  }, [ws.state])

  // The other pages' chunks load in the background once the first page has drawn.
  useEffect(preloadPagesWhenIdle, [])

  const [paletteOpen, setPaletteOpen] = useState(false)
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isPaletteShortcut(e)) {
        e.preventDefault()
        setPaletteOpen(true)
        return
      }
      const i = shortcutPageIndex(e, PAGES.length)
      if (i === null) return
      e.preventDefault()
      navigate({ page: PAGES[i].id, scope: route.scope, params: {} })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate, route.scope])

  const { theme, toggleTheme } = useTheme()
  usePaletteCommands([
    ...PAGES.map(
      (p, i): PaletteCommand => ({
        id: `page-${p.id}`,
        label: `Go to ${p.label}`,
        section: PAGE_GROUPS.find((g) => g.id === p.group)?.label ?? '',
        keywords: p.description,
        shortcut: shortcutLabel(i) ?? undefined,
        run: () => navigate({ page: p.id, scope: route.scope, params: {} })
      })
    ),
    { id: 'clear-filters', label: 'Clear all filters', section: 'Action', keywords: 'reset scope', run: () => navigate({ ...route, scope: {} }) },
    { id: 'toggle-theme', label: theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme', section: 'Action', keywords: 'theme dark light', run: toggleTheme },
    { id: 'open-data', label: 'Open data files…', section: 'Action', keywords: 'load csv folder', run: () => navigate({ page: 'data', scope: route.scope, params: {} }) }
  ])
  const registeredCommands = useRegisteredCommands()

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
    <div
      className={`app${dragging ? ' app--dragging' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false)
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return
        e.preventDefault()
        setDragging(false)
        files.drop(e.dataTransfer.files[0])
      }}
    >
      <SideNav
        pages={PAGES}
        currentId={page.id}
        scope={route.scope}
        footer={
          <div className="sidenav__meta">
            <div>{wb.appInfo?.version ?? ' '}</div>
            {wb.appInfo && <div className="muted">{wb.appInfo.mode === 'web' ? 'web mode, 127.0.0.1 only' : 'desktop'}</div>}
            <div className="muted">Alt+1…{Math.min(9, PAGES.length)} switch pages</div>
            <button type="button" className="sidenav__palette" onClick={() => setPaletteOpen(true)} data-testid="palette-button" aria-keyshortcuts="Control+K">
              Ctrl+K: every page and action
            </button>
          </div>
        }
      />
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} commands={paletteOpen ? registeredCommands() : []} />
      {/* another workspace's cluster settings: its local model and its clusters */}
      <ClusterWorkspaceRestore />
      <div className="main">
        <TopBar />
        <PageHeader page={page} />
        <WorkspaceBanners />
        {wb.notice && (
          <div className="banner banner--warn" role="status" data-testid="notice">
            <Icon name="alert" />
            <span>{wb.notice}</span>
            <button type="button" className="btn btn--ghost btn--xs" onClick={wb.dismissNotice}>
              Dismiss
            </button>
          </div>
        )}
        {page.usesScope && wb.dataset && (
          <FilterBar
            scope={route.scope}
            onChange={onScopeChange}
            loadOptions={loadDimensionOptions}
            dateBounds={dateBounds}
            valueText={valueText}
            emptyNotes={{ cluster: CLUSTER_FILTER_EMPTY }}
            extra={<CompareMenu scope={route.scope} navigate={(id, opts) => navigate({ page: id, scope: opts.scope, params: opts.params })} />}
          />
        )}
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
