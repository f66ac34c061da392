/** The incident list of the Overview: budgets burning on the last day in scope, since when, how hard, the slice driving each, with drilldowns to exactly those interactions. */
import type { ReactElement } from 'react'
import type { BurnDay } from '../../../../shared/analysis'
import type { Incident } from '../../../../shared/costs'
import type { Knobs } from '../../../../shared/knobs'
import { Badge } from '../../components/Badge'
import { Icon } from '../../components/Icon'
import { Panel } from '../../components/Panel'
import { incidentView, type IncidentLink } from './incidentView'

export interface IncidentsPanelProps {
  incidents: readonly Incident[]
  days: readonly BurnDay[]
  knobs: Knobs | null
  stale?: boolean
  onDrill: (link: IncidentLink) => void
}

export function IncidentsPanel({ incidents, days, knobs, stale, onDrill }: IncidentsPanelProps): ReactElement {
  const lastDay = days[days.length - 1]?.date_utc
  return (
    <Panel
      title={
        <>
          Incidents{' '}
          {incidents.length > 0 ? (
            <Badge tone="bad" solid testId="incident-count">
              {incidents.length} BURNING
            </Badge>
          ) : (
            <Badge tone="good" testId="incident-count">
              NONE
            </Badge>
          )}
        </>
      }
      subtitle={`Budgets whose burn is above 1 on the last day in scope${lastDay ? ` (${lastDay})` : ''}, and for how many consecutive days.`}
      testId="incidents"
      className={stale ? 'is-stale' : undefined}
    >
      {incidents.length === 0 ? (
        <p className="incidents__none">
          <Icon name="check" /> No budget is burning on the last day in scope.
        </p>
      ) : (
        <ul className="incidents">
          {incidents.map((inc) => {
            const v = incidentView(inc, days, knobs)
            return (
              <li key={inc.budget} className="incident" data-testid={`incident-${inc.budget}`}>
                <div className="incident__head">
                  <Icon name="alert" className="bad-text" />
                  <strong>{v.title}</strong>
                  <span className="muted">{v.run}</span>
                </div>
                <div className="incident__burn">{v.burn}</div>
                <div className="incident__slice">{v.slice}</div>
                <div className="incident__links">
                  <span className="muted">Open:</span>
                  {v.links.map((l) => (
                    <button key={l.testId} type="button" className="btn btn--xs" onClick={() => onDrill(l)} data-testid={l.testId} data-expected={l.expected}>
                      {l.label}
                    </button>
                  ))}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </Panel>
  )
}
