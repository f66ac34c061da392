/** The ranked alarm list of the Alerts page: one line per alarm (its headline finding), the slice responsible and the impact; a click shows the alarm's series and details. */
import type { ReactElement } from 'react'
import type { AnomalyAlarm, AnomalyTone } from '../../../../shared/anomalies'
import { Badge, type BadgeTone } from '../../components/Badge'
import { EmptyState } from '../../components/EmptyState'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { alarmTitle, impactText, relatedText } from '../../lib/anomalyView'
import { formatNumber, formatPercent } from '../../lib/format'

const TONE_BADGE: Record<AnomalyTone, { tone: BadgeTone; label: string }> = {
  worse: { tone: 'bad', label: 'WORSE' },
  neutral: { tone: 'neutral', label: 'SHIFT' },
  better: { tone: 'good', label: 'BETTER' }
}

export interface AlarmListPanelProps {
  alarms: readonly AnomalyAlarm[]
  selectedAlarmId: string | null
  onSelect: (findingId: string) => void
  stale?: boolean
  z: number
}

export function AlarmListPanel({ alarms, selectedAlarmId, onSelect, stale, z }: AlarmListPanelProps): ReactElement {
  return (
    <Panel
      title="Alarms, by impact"
      subtitle="Each alarm is one event: the slice it is traced to, and the other slices it moved. Impact prices extra failures, SLA breaches and cost since the change with the routing knobs."
      testId="alarm-list"
      className={stale ? 'is-stale' : undefined}
      flush
    >
      {alarms.length === 0 ? (
        <EmptyState compact title="No alarm" testId="alarm-list-empty">
          No change point or spike in these series reaches ANOMALY_Z {z}. Lower it in the knobs panel (Alt+K) to see weaker changes.
        </EmptyState>
      ) : (
        <div className="table-wrap alerts-scroll">
          <table className="table alerts-table" aria-label="Alarms by impact">
            <TableHead
              columns={[
                { label: '#', num: true },
                { label: 'Alarm' },
                { label: 'Impact', title: 'Extra failures (x FAILURE_EVENT_COST_USD), SLA breaches (x SLA_BREACH_PENALTY_USD) or cost since the change' },
                { label: 'z', num: true, title: 'Significance: a two-sided normal z adjusted for the positions and days tested' }
              ]}
            />
            <tbody>
              {alarms.map((a) => {
                const h = a.headline
                const selected = a.id === selectedAlarmId
                const badge = TONE_BADGE[a.tone]
                const own = h.responsible && h.dimension !== 'all' && h.responsible.share === 1 && h.responsible.request_share === 1
                return (
                  <tr key={a.id} className={`alerts-row${selected ? ' alerts-row--selected' : ''}`} data-testid={`alarm-row-${a.rank}`} data-alarm-id={a.id} aria-selected={selected}>
                    <td className="num">{a.rank}</td>
                    <td>
                      <button type="button" className="link-btn alerts-row__title" onClick={() => onSelect(a.id)} data-testid={`alarm-select-${a.rank}`}>
                        {alarmTitle(a)}
                      </button>
                      <div className="alerts-row__meta">
                        <Badge tone={badge.tone}>{badge.label}</Badge> <span className="muted">{h.kind === 'spike' ? 'spike' : h.ramp_days > 0 ? `gradual change over ${h.ramp_days} days` : 'step'}</span>
                        {h.responsible && (
                          <span className="muted" data-testid={`alarm-responsible-${a.rank}`}>
                            {' '}
                            · responsible: {own ? `${h.responsible.label} as a whole` : `${h.responsible.label} (${formatPercent(h.responsible.share, 0)} of the excess)`}
                          </span>
                        )}
                      </div>
                      {a.related.length > 0 && <div className="muted alerts-row__related">{relatedText(a)}</div>}
                    </td>
                    <td className={a.tone === 'worse' ? 'bad-text' : undefined}>{impactText(h)}</td>
                    <td className="num">{formatNumber(h.z, 1)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
