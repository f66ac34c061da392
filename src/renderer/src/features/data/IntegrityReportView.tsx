/** The integrity report of the loaded dataset: the stop-ship banner, a summary strip, then tables, gates, windows and problems. */
import type { ReactElement } from 'react'
import type { DatasetSummary } from '../../../../shared/types'
import { Badge } from '../../components/Badge'
import { Icon } from '../../components/Icon'
import { KpiCard } from '../../components/KpiCard'
import { formatDuration, formatInt, formatUtc, plural } from '../../lib/format'
import { GatesPanel } from './GatesPanel'
import { gateTitle, problemCounts, tallyGates, totalRejected } from './integrity'
import { ProblemsPanel } from './ProblemsPanel'
import { TablesPanel } from './TablesPanel'
import { WindowsPanel } from './WindowsPanel'

export function IntegrityReportView({ dataset }: { dataset: DatasetSummary }): ReactElement {
  const r = dataset.report
  const gates = tallyGates(r.gates)
  const rejected = totalRejected(r)
  const problems = problemCounts(r)
  const notOverridden = r.gates_failed.filter((g) => !r.gates_overridden.includes(g))
  return (
    <div className="stack" data-testid="integrity-report">
      <div className="dataset-head">
        <div className="dataset-head__title">
          <h2 data-testid="report-dataset-label">{dataset.label}</h2>
          {dataset.isDemo && (
            <Badge tone="warn" solid>
              DEMO DATA
            </Badge>
          )}
          {r.blocked ? (
            <Badge tone="bad" solid testId="report-verdict">
              STOP-SHIP
            </Badge>
          ) : (
            <Badge tone="good" testId="report-verdict">
              GATES OK
            </Badge>
          )}
        </div>
        <div className="dataset-head__meta muted">
          loaded {formatUtc(dataset.loadedAt)} UTC in {formatDuration(dataset.loadMs)} · DuckDB {dataset.engine}
        </div>
      </div>

      {r.blocked && (
        <div className="banner banner--bad banner--strong" role="alert" data-testid="stop-ship">
          <Icon name="alert" size={20} />
          <div className="banner__body">
            <div className="banner__title">Stop-ship: {notOverridden.length === 1 ? 'an integrity gate failed' : `${notOverridden.length} integrity gates failed`}</div>
            <div>
              Routing and triage outputs are marked <code>blocked_by_gate</code> until the data is fixed or the failure is explicitly overridden (the override is recorded in the decision
              artifact).
            </div>
            <ul className="banner__details">
              {notOverridden.map((g) => (
                <li key={g}>
                  <strong>{gateTitle(g)}</strong> <code>{g}</code>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}

      <div className="kpi-grid kpi-grid--6" data-testid="report-summary">
        <KpiCard label="Interactions" value={formatInt(r.tables.interactions?.rows)} raw={r.tables.interactions?.rows ?? null} testId="summary-interactions" />
        <KpiCard label="Sessions" value={r.tables.sessions ? formatInt(r.tables.sessions.rows) : 'absent'} raw={r.tables.sessions?.rows ?? null} testId="summary-sessions" />
        <KpiCard label="Users" value={r.tables.users ? formatInt(r.tables.users.rows) : 'absent'} raw={r.tables.users?.rows ?? null} testId="summary-users" />
        <KpiCard
          label="Gates"
          value={`${gates.pass}/${gates.total - gates.skipped} pass`}
          raw={gates.fail}
          sub={`${gates.fail} failed · ${gates.skipped} skipped`}
          tone={gates.fail ? 'bad' : 'good'}
          testId="summary-gates"
        />
        <KpiCard label="Rejected rows" value={formatInt(rejected)} raw={rejected} tone={rejected ? 'warn' : 'neutral'} sub="unreadable CSV rows" testId="summary-rejected" />
        <KpiCard
          label="Problems"
          value={formatInt(problems.errors + problems.warnings)}
          raw={problems.errors + problems.warnings}
          sub={`${problems.errors} errors · ${problems.warnings} warnings`}
          tone={problems.errors ? 'bad' : problems.warnings ? 'warn' : 'neutral'}
          testId="summary-problems"
        />
      </div>

      <TablesPanel report={r} />
      <GatesPanel gates={r.gates} />
      <div className="two-col">
        <WindowsPanel windows={r.windows} />
        <ProblemsPanel report={r} />
      </div>
      <p className="footnote muted">
        {plural(r.tables.interactions?.rows ?? 0, 'interaction')} in {plural(Object.keys(r.tables).length, 'table')}. Every number in the app is computed from these rows on this machine.
      </p>
    </div>
  )
}
