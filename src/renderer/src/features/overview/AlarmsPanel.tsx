/** The Overview's alarm list, beside the incidents: the top anomaly and change-point alarms of the scope, ranked by impact, each with the slice responsible and a drilldown to its rows. */
import type { ReactElement } from 'react'
import type { AnomalyReport } from '../../../../shared/anomalies'
import { Badge } from '../../components/Badge'
import { Icon } from '../../components/Icon'
import { Panel } from '../../components/Panel'
import { alarmTitle, findingLinks, impactText, responsibleText, type FindingLink } from '../../lib/anomalyView'
import { plural } from '../../lib/format'

export interface AlarmsPanelProps {
  report: AnomalyReport
  stale?: boolean
  /** how many alarms to list (the rest are on the Alerts page) */
  max?: number
  onDrill: (link: FindingLink) => void
  /** opens the Alerts page on one alarm (or on the list when null) */
  onOpen: (alarmId: string | null) => void
}

export function AlarmsPanel({ report, stale, max = 5, onDrill, onOpen }: AlarmsPanelProps): ReactElement {
  const shown = report.alarms.filter((a) => a.tone !== 'better')
  const worse = shown.filter((a) => a.tone === 'worse').length
  return (
    <Panel
      title={
        <>
          Alarms{' '}
          {worse > 0 ? (
            <Badge tone="bad" solid testId="alarm-count">
              {worse} WORSE
            </Badge>
          ) : (
            <Badge tone="good" testId="alarm-count">
              NONE
            </Badge>
          )}
        </>
      }
      subtitle={`Changes of level and one-day spikes in the daily series (all requests, each model, use case and tier${report.slices.some((s) => s.dimension === 'cluster') ? ', each cluster' : ''}), ranked by impact; ${plural(report.series_checked, 'series')} over ${plural(report.days, 'day')}.`}
      actions={
        <button type="button" className="btn btn--xs btn--ghost" onClick={() => onOpen(null)} data-testid="alarms-open-page">
          All alarms
        </button>
      }
      testId="alarms"
      className={stale ? 'is-stale' : undefined}
    >
      {shown.length === 0 ? (
        <p className="incidents__none">
          <Icon name="check" /> No change point or spike is significant at ANOMALY_Z {report.z}.
        </p>
      ) : (
        <ol className="alarms">
          {shown.slice(0, max).map((a) => {
            const h = a.headline
            const [rows] = findingLinks(h, `alarm-${a.rank}`)
            return (
              <li key={a.id} className={`alarm alarm--${a.tone}`} data-testid={`overview-alarm-${a.rank}`} data-alarm-id={a.id}>
                <div className="alarm__head">
                  <span className="alarm__rank">#{a.rank}</span>
                  <button type="button" className="link-btn alarm__title" onClick={() => onOpen(a.id)} title="Open this alarm on the Alerts page">
                    {alarmTitle(a)}
                  </button>
                </div>
                <div className="alarm__meta">
                  <span className={a.tone === 'worse' ? 'bad-text' : 'muted'}>{impactText(h)}</span>
                  <span className="muted"> · {responsibleText(h)}</span>
                </div>
                <div className="alarm__links">
                  <span className="muted">Open:</span>
                  <button type="button" className="btn btn--xs" onClick={() => onDrill(rows)} data-testid={rows.testId} data-expected={rows.expected}>
                    {rows.label}
                  </button>
                </div>
              </li>
            )
          })}
          {shown.length > max && (
            <li className="alarms__more">
              <button type="button" className="link-btn" onClick={() => onOpen(null)}>
                and {plural(shown.length - max, 'more alarm')} on the Alerts page
              </button>
            </li>
          )}
        </ol>
      )}
    </Panel>
  )
}
