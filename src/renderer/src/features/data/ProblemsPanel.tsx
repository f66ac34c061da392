/** Load problems (errors and warnings) with the file and line they come from, plus what normalisation had to fill in or derive. */
import type { ReactElement } from 'react'
import type { IntegrityReport } from '../../../../shared/types'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatInt } from '../../lib/format'
import { problemCounts } from './integrity'

export function ProblemsPanel({ report }: { report: IntegrityReport }): ReactElement {
  const { errors, warnings } = problemCounts(report)
  const n = report.normalisation_notes
  return (
    <Panel
      title="Problems and normalisation"
      subtitle="What could not be used, and what the app had to derive or fill in."
      actions={
        <span className="gate-tally" data-testid="problem-tally">
          <Badge tone={errors ? 'bad' : 'neutral'}>{errors} errors</Badge>
          <Badge tone={warnings ? 'warn' : 'neutral'}>{warnings} warnings</Badge>
        </span>
      }
      flush
      testId="problems-panel"
    >
      {report.problems.length === 0 ? (
        <div className="panel__note" data-testid="no-problems">
          No errors or warnings while reading the files.
        </div>
      ) : (
        <ul className="problems">
          {report.problems.map((p, i) => (
            <li key={i} className={`problem problem--${p.severity}`} data-testid="problem">
              <Badge tone={p.severity === 'error' ? 'bad' : 'warn'}>{p.severity.toUpperCase()}</Badge>
              <span className="mono problem__where">
                {p.file}
                {p.line !== undefined && `:${p.line}`}
                {p.table && <span className="muted"> ({p.table})</span>}
              </span>
              <span className="problem__msg">{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="facts facts--border">
        <div>
          <dt title="is_failure was missing or unreadable and was filled from failure_type">is_failure filled in</dt>
          <dd>{formatInt(report.is_failure_was_missing)}</dd>
        </div>
        <div>
          <dt>Timestamps that did not parse</dt>
          <dd className={report.timestamps_unparsed ? 'warn-text' : undefined}>{formatInt(report.timestamps_unparsed)}</dd>
        </div>
        <div>
          <dt>Derived columns</dt>
          <dd>
            {n.derived_columns.length ? (
              <span className="code-list">
                {n.derived_columns.map((c) => (
                  <code key={c}>{c}</code>
                ))}
              </span>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        {n.timestamp_source && (
          <div>
            <dt>Timestamp from</dt>
            <dd>
              <code>{n.timestamp_source}</code>
            </dd>
          </div>
        )}
      </dl>
    </Panel>
  )
}
