/** The app bar: the File and Views menus with the workspace name, a running load, the dataset in use (with a DEMO DATA badge), the engine, "All times UTC", the knobs panel and the theme toggle; and the page header row below it. */
import type { ReactElement } from 'react'
import { Badge } from '../components/Badge'
import { Icon } from '../components/Icon'
import { ProgressBar } from '../components/ProgressBar'
import { useTheme } from '../components/ThemeProvider'
import { KnobsButton } from '../features/knobs/KnobsButton'
import { FileMenu } from '../features/workspace/FileMenu'
import { ViewsMenu } from '../features/workspace/ViewsMenu'
import { useWorkspace } from './workspaceStore'
import { UNWEIGHTED_NOTE, WEIGHTED_NOTE } from '../../../shared/sampling'
import { formatInt } from '../lib/format'
import type { PageDef } from './pages'
import { useWorkbench } from './WorkbenchProvider'

/** The page's own header row, below the top bar: its title, a "weighted by sample_rate" (or "rows, not weighted") note where it applies, and what it answers. */
export function PageHeader({ page }: { page: PageDef }): ReactElement {
  const ds = useWorkbench().dataset
  return (
    <div className="page-header">
      <h1>{page.label}</h1>
      {page.weightedBySampleRate && ds?.report.sample_rate && (
        <Badge
          tone="info"
          testId="weighted-note"
          title={`This dump carries ${ds.report.sample_rate.source_column}: each row counts as the rows it stands for (${formatInt(ds.report.sample_rate.valid_rows)} rows stand for ${formatInt(ds.report.sample_rate.weighted_rows)}). Counts, rates, costs and percentiles here are weighted; the Explorer lists the sampled rows themselves.`}
        >
          {WEIGHTED_NOTE}
        </Badge>
      )}
      {page.countsRowsNotWeighted && ds?.report.sample_rate && (
        <Badge
          tone="neutral"
          testId="unweighted-note"
          title={`This dump carries ${ds.report.sample_rate.source_column} (${formatInt(ds.report.sample_rate.valid_rows)} rows stand for ${formatInt(ds.report.sample_rate.weighted_rows)}), but this page counts the rows themselves: its sizes, failures and failure rates are of the sampled rows, as its drilldowns, lassos and bulk annotations are. On a sample that keeps every failure, failure rates here are higher than in the traffic.`}
        >
          {UNWEIGHTED_NOTE}
        </Badge>
      )}
      <span className="page-header__desc">{page.description}</span>
    </div>
  )
}

export function TopBar(): ReactElement {
  const wb = useWorkbench()
  const { theme, toggleTheme } = useTheme()
  const ds = wb.dataset
  const engine = ds?.engine ?? wb.appInfo?.engine
  const rows = ds?.report.tables.interactions?.rows
  const ws = useWorkspace().state
  return (
    <header className="topbar">
      <div className="topbar__menus">
        <FileMenu />
        <ViewsMenu />
        {ws && (
          <div className="topbar__workspace" data-testid="workspace-indicator" title={ws.path ?? 'Not saved yet: File › Save As…'}>
            <span data-testid="workspace-name">{ws.name}</span>
            {ws.dirty && (
              <span className="workspace-title__dirty" title="Unsaved changes" data-testid="workspace-dirty">
                ● unsaved
              </span>
            )}
          </div>
        )}
      </div>
      <div className="topbar__meta">
        {wb.job && (
          <div className="topbar__job" data-testid="topbar-job">
            <span className="topbar__job-label">{wb.job.cancelling ? 'Cancelling…' : `Loading ${wb.job.external ? 'data' : wb.job.target}`}</span>
            <ProgressBar fraction={wb.job.fraction} label="Dataset load progress" />
          </div>
        )}
        <div className="topbar__dataset" data-testid="dataset-indicator" title={ds ? `Loaded ${ds.loadedAt} (UTC)` : undefined}>
          <Icon name="database" />
          {ds ? (
            <>
              <span className="topbar__dataset-label" data-testid="dataset-label">
                {ds.label}
              </span>
              {rows !== undefined && <span className="muted topbar__rows">{formatInt(rows)} interactions</span>}
              {ds.isDemo && (
                <Badge tone="warn" solid testId="demo-badge" title="Synthetic demo data: no real users, requests or costs">
                  DEMO DATA
                </Badge>
              )}
            </>
          ) : (
            <span className="muted">{wb.datasetKnown ? 'No data loaded' : 'Connecting…'}</span>
          )}
        </div>
        {engine && (
          <div className="topbar__item" title={wb.appInfo?.engineNote ?? 'DuckDB, embedded, running on this machine'} data-testid="engine-indicator">
            <Icon name="cpu" />
            <span className="topbar__item-text">DuckDB {engine}</span>
            {wb.appInfo?.engineNote && <Badge tone="warn">fallback</Badge>}
          </div>
        )}
        <div className="topbar__item" data-testid="utc-indicator" title="All times UTC">
          <Icon name="clock" />
          <span className="topbar__item-text">All times UTC</span>
        </div>
        <KnobsButton />
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          onClick={toggleTheme}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          data-testid="theme-toggle"
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
    </header>
  )
}
