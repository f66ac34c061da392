/** The page registry: the navigation, the router and the keyboard shortcuts are all built from this list, so a page is added by adding one entry. */
import type { ComponentType } from 'react'
import type { Scope } from '../../../shared/scope'
import type { IconName } from '../components/Icon'
import { DataPage } from '../features/data/DataPage'
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
  /** goes to another page, keeping the scope */
  navigate: (pageId: string) => void
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
  }
]

export const DEFAULT_PAGE_ID = 'overview'

export function findPage(id: string): PageDef | undefined {
  return PAGES.find((p) => p.id === id)
}
