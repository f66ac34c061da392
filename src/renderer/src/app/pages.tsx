/** The page registry: the navigation, the router and the keyboard shortcuts are all built from this list, so a page is added by adding one entry. */
import type { ComponentType } from 'react'
import type { Scope } from '../../../shared/scope'
import type { IconName } from '../components/Icon'
import { CostsPage } from '../features/costs/CostsPage'
import { DataPage } from '../features/data/DataPage'
import { DriftPage } from '../features/drift/DriftPage'
import { ExplorerPage } from '../features/explorer/ExplorerPage'
import { HotspotsPage } from '../features/hotspots/HotspotsPage'
import { OverviewPage } from '../features/overview/OverviewPage'
import { RoutingPage } from '../features/routing/RoutingPage'
import { TriagePage } from '../features/triage/TriagePage'

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

export interface PageDef {
  /** URL segment: #/<id> */
  id: string
  label: string
  icon: IconName
  /** one line: what the page answers (nav tooltip, page header) */
  description: string
  /** shows the global filter bar above the page */
  usesScope: boolean
  component: ComponentType<PageProps>
}

export const PAGES: readonly PageDef[] = [
  {
    id: 'data',
    label: 'Data',
    icon: 'database',
    description: 'Open telemetry files and check their integrity before trusting any number.',
    usesScope: false,
    component: DataPage
  },
  {
    id: 'overview',
    label: 'Overview',
    icon: 'gauge',
    description: 'Health of the requests in scope: failures, latency, cost and the failure mix.',
    usesScope: true,
    component: OverviewPage
  },
  {
    id: 'explorer',
    label: 'Explorer',
    icon: 'folder',
    description: 'Every interaction in scope: search, sort, open one with its session, query with SQL, export.',
    usesScope: true,
    component: ExplorerPage
  },
  {
    id: 'hotspots',
    label: 'Hotspots',
    icon: 'alert',
    description: 'Where failures and latency concentrate in the history window: tier × use case, models, any two dimensions.',
    usesScope: true,
    component: HotspotsPage
  },
  {
    id: 'costs',
    label: 'Costs',
    icon: 'sparkle',
    description: 'Where the money goes: cost by day against the budget, the month-end forecast, by model, use case, tier and user.',
    usesScope: true,
    component: CostsPage
  },
  {
    id: 'routing',
    label: 'Routing',
    icon: 'cpu',
    description: 'Which model each use case should use: the policy from history, its backtest on evaluation, and what-if knobs.',
    usesScope: true,
    component: RoutingPage
  },
  {
    id: 'drift',
    label: 'Drift',
    icon: 'clock',
    description: 'Whether the traffic changed: PSI, TV, KS and chi-square between windows, and each feature\'s distributions.',
    usesScope: true,
    component: DriftPage
  },
  {
    id: 'triage',
    label: 'Triage',
    icon: 'check',
    description: 'Which requests to review: a calibrated failure model, the cost-optimal review threshold within capacity, and the queue.',
    usesScope: true,
    component: TriagePage
  }
]

export const DEFAULT_PAGE_ID = 'overview'

export function findPage(id: string): PageDef | undefined {
  return PAGES.find((p) => p.id === id)
}
