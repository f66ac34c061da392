/** The page registry: the navigation, the router and the keyboard shortcuts are all built from this list, so a page is added by adding one entry. */
import { lazy, Suspense, useState, type ComponentType, type ElementType, type ReactElement } from 'react'
import type { Scope } from '../../../shared/scope'
import { ErrorState } from '../components/ErrorState'
import type { IconName } from '../components/Icon'
import { LoadingState } from '../components/LoadingState'
// Overview is the landing page (after a load, and by default): it ships in the entry chunk so it draws without another round trip.
import { OverviewPage } from '../features/overview/OverviewPage'

/** What the shell gives every page. */
export interface PageProps {
  /** the global filter scope (from the URL) */
  scope: Scope
  /** pushes a new scope into the URL (a history entry) */
  onScopeChange: (scope: Scope) => void
  /** the page's own URL parameters */
  params: Record<string, string>
  onParamsChange: (params: Record<string, string>, opts?: { replace?: boolean }) => void
  /**
   * Goes to another page, keeping the scope. `opts.scope` replaces the scope and `opts.params` sets the
   * target page's parameters in the same history entry (a drilldown: see lib/drilldown.ts).
   */
  navigate: (pageId: string, opts?: NavigateOptions) => void
}

/** What a navigation may carry besides the page. */
export interface NavigateOptions {
  scope?: Scope
  params?: Record<string, string>
}

/** The navigation's sections, in the order they are shown: what the operator is doing on a page. */
export const PAGE_GROUPS = [
  { id: 'monitor', label: 'Monitor' },
  { id: 'investigate', label: 'Investigate' },
  { id: 'decide', label: 'Decide' },
  { id: 'protect', label: 'Protect' },
  { id: 'data', label: 'Data' }
] as const

export type PageGroup = (typeof PAGE_GROUPS)[number]['id']

export interface PageDef {
  /** URL segment: #/<id> */
  id: string
  label: string
  /** the navigation section the page is listed under */
  group: PageGroup
  icon: IconName
  /** one line: what the page answers (nav tooltip, page header) */
  description: string
  /** shows the global filter bar above the page */
  usesScope: boolean
  /** its counts, rates, costs and percentiles are weighted by sample_rate when the dump carries one (the header says so) */
  weightedBySampleRate?: boolean
  /** its counts are the dump's rows even when it carries sample_rate (the header says "rows, not weighted by sample_rate") */
  countsRowsNotWeighted?: boolean
  component: ComponentType<PageProps>
}

const pageLoaders: (() => Promise<unknown>)[] = []

/**
 * A page in its own chunk, fetched on first visit or by preloadPagesWhenIdle. Until the chunk is there the
 * page shows the loading state; once it is, the page renders straight away. A chunk that cannot be fetched
 * (say, a rebuild replaced it) shows an error with a reload instead of blanking the app.
 */
export function lazyPage(load: () => Promise<ComponentType<PageProps>>, label: string): ComponentType<PageProps> {
  let loaded: ComponentType<PageProps> | null = null
  let loading: Promise<ComponentType<PageProps>> | null = null
  const loadOnce = (): Promise<ComponentType<PageProps>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (err: unknown) =>
        function PageLoadError(): ReactElement {
          return <ErrorState title={`Could not load the ${label} page`} error={err instanceof Error ? err : new Error(String(err))} onRetry={() => window.location.reload()} />
        }
    ))
  const Lazy = lazy(() => loadOnce().then((component) => ({ default: component })))
  pageLoaders.push(loadOnce)
  return function LazyPage(props: PageProps): ReactElement {
    // chosen once per mount, so the page is never remounted when its chunk arrives
    const [Page] = useState<ElementType<PageProps>>(() => loaded ?? Lazy)
    return (
      <Suspense fallback={<LoadingState label={`Loading the ${label} page…`} />}>
        <Page {...props} />
      </Suspense>
    )
  }
}

/**
 * Fetches every lazy page's chunk when the renderer is next idle (the first page has drawn by then), so later
 * page switches do not wait for them. Returns the cancel, so it can be an effect.
 */
export function preloadPagesWhenIdle(): () => void {
  const preload = (): void => {
    for (const load of pageLoaders) void load()
  }
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(preload, { timeout: 2000 })
    return () => window.cancelIdleCallback(id)
  }
  const id = window.setTimeout(preload, 500)
  return () => window.clearTimeout(id)
}

const AlertsPage = lazyPage(() => import('../features/alerts/AlertsPage').then((m) => m.AlertsPage), 'Alerts')
const DataPage = lazyPage(() => import('../features/data/DataPage').then((m) => m.DataPage), 'Data')
const ExplorerPage = lazyPage(() => import('../features/explorer/ExplorerPage').then((m) => m.ExplorerPage), 'Explorer')
const HotspotsPage = lazyPage(() => import('../features/hotspots/HotspotsPage').then((m) => m.HotspotsPage), 'Hotspots')
const ClustersPage = lazyPage(() => import('../features/clusters/ClustersPage').then((m) => m.ClustersPage), 'Clusters')
const CostsPage = lazyPage(() => import('../features/costs/CostsPage').then((m) => m.CostsPage), 'Costs')
const RoutingPage = lazyPage(() => import('../features/routing/RoutingPage').then((m) => m.RoutingPage), 'Routing')
const DriftPage = lazyPage(() => import('../features/drift/DriftPage').then((m) => m.DriftPage), 'Drift')
const TriagePage = lazyPage(() => import('../features/triage/TriagePage').then((m) => m.TriagePage), 'Triage')
const AnnotationsPage = lazyPage(() => import('../features/annotations/AnnotationsPage').then((m) => m.AnnotationsPage), 'Annotations')
const PolicyHistoryPage = lazyPage(() => import('../features/policy-history/PolicyHistoryPage').then((m) => m.PolicyHistoryPage), 'Policy history')
const WorkspacePage = lazyPage(() => import('../features/workspace/WorkspacePage').then((m) => m.WorkspacePage), 'Workspace')
const SamplingPage = lazyPage(() => import('../features/sampling/SamplingPage').then((m) => m.SamplingPage), 'Sampling')
const PrivacyPage = lazyPage(() => import('../features/privacy/PrivacyPage').then((m) => m.PrivacyPage), 'Privacy')
const ComparePage = lazyPage(() => import('../features/compare/ComparePage').then((m) => m.ComparePage), 'Compare')

export const PAGES: readonly PageDef[] = [
  {
    id: 'overview',
    group: 'monitor',
    label: 'Overview',
    icon: 'gauge',
    description: 'Health of the requests in scope: failures, latency, cost and the failure mix.',
    usesScope: true,
    weightedBySampleRate: true,
    component: OverviewPage
  },
  {
    id: 'alerts',
    group: 'monitor',
    label: 'Alerts',
    icon: 'bell',
    description: 'What changed and since when: change points and spikes of the daily series per model, use case, tier and cluster (once computed), ranked by impact.',
    usesScope: true,
    component: AlertsPage
  },
  {
    id: 'explorer',
    group: 'investigate',
    label: 'Explorer',
    icon: 'folder',
    description: 'Every interaction in scope: search, sort, open one with its session, query with SQL, export.',
    usesScope: true,
    component: ExplorerPage
  },
  {
    id: 'hotspots',
    group: 'investigate',
    label: 'Hotspots',
    icon: 'alert',
    description: 'Where failures and latency concentrate in the history window: tier × use case, models, any two dimensions.',
    usesScope: true,
    weightedBySampleRate: true,
    component: HotspotsPage
  },
  {
    id: 'clusters',
    group: 'investigate',
    label: 'Clusters',
    icon: 'sparkle',
    description: 'What kinds of requests fail: every request clustered by meaning, the failing families ranked first, a map to lasso, similar requests, a diagnosis.',
    usesScope: true,
    // sizes, failures and rates count the cluster's members, as its drilldowns, lassos and bulk annotations do (docs/clusters.md)
    countsRowsNotWeighted: true,
    component: ClustersPage
  },
  {
    id: 'drift',
    group: 'investigate',
    label: 'Drift',
    icon: 'clock',
    description: 'Whether the traffic changed: PSI, TV, KS and chi-square between windows, and each feature\'s distributions.',
    usesScope: true,
    component: DriftPage
  },
  {
    id: 'compare',
    group: 'investigate',
    label: 'Compare',
    icon: 'compare',
    description: 'Whether B is worse than A: two slices or periods, every metric with its 95% interval, test, effect size and verdict.',
    usesScope: true,
    component: ComparePage
  },
  {
    id: 'annotations',
    group: 'investigate',
    label: 'Annotations',
    icon: 'tag',
    description: 'What reviewers decided about requests: status, labels and notes, export and import as JSONL.',
    usesScope: true,
    component: AnnotationsPage
  },
  {
    id: 'costs',
    group: 'decide',
    label: 'Costs',
    icon: 'sparkle',
    description: 'Where the money goes: cost by day against the budget, the month-end forecast, by model, use case, tier and user.',
    usesScope: true,
    weightedBySampleRate: true,
    component: CostsPage
  },
  {
    id: 'routing',
    group: 'decide',
    label: 'Routing',
    icon: 'cpu',
    description: 'Which model each use case should use: the policy from history, its backtest on evaluation, and what-if knobs.',
    usesScope: true,
    component: RoutingPage
  },
  {
    id: 'triage',
    group: 'decide',
    label: 'Triage',
    icon: 'check',
    description: 'Which requests to review: a calibrated failure model, the cost-optimal review threshold within capacity, and the queue.',
    usesScope: true,
    component: TriagePage
  },
  {
    id: 'sampling',
    group: 'decide',
    label: 'Sampling',
    icon: 'funnel',
    description: 'Which telemetry to keep: every failure, rare slices protected, the rest sampled to a budget; its projection, backtest and collector config.',
    usesScope: true,
    component: SamplingPage
  },
  {
    id: 'history',
    group: 'decide',
    label: 'Policy history',
    icon: 'history',
    description: 'Every exported routing policy, triage threshold and sampling policy: compare two versions, roll back to their knobs, export again.',
    usesScope: false,
    component: PolicyHistoryPage
  },
  {
    id: 'privacy',
    group: 'protect',
    label: 'Privacy',
    icon: 'shield',
    description: 'Personal data and secrets in prompts and responses: findings by type, field, model, use case and day, masked everywhere text leaves the screen.',
    usesScope: true,
    component: PrivacyPage
  },
  {
    id: 'data',
    group: 'data',
    label: 'Data',
    icon: 'database',
    description: 'Open telemetry files and check their integrity before trusting any number.',
    usesScope: false,
    component: DataPage
  },
  {
    id: 'workspace',
    group: 'data',
    label: 'Workspace',
    icon: 'file',
    description: 'The workspace file: its data sources, saved views and notes.',
    usesScope: false,
    component: WorkspacePage
  }
]

export const DEFAULT_PAGE_ID = 'overview'

export function findPage(id: string): PageDef | undefined {
  return PAGES.find((p) => p.id === id)
}
