/** Every finding of the scope (the rows of anomalies.csv) in rank order, with the CSV export; a click shows a finding. */
import type { ReactElement } from 'react'
import type { AnomalyReport } from '../../../../shared/anomalies'
import { ANOMALIES_FILE, anomaliesCsv } from '../../../../shared/artifacts/anomalyArtifacts'
import { ExportButton } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { formatMetricValue, impactText, METRIC_LABELS, sliceName } from '../../lib/anomalyView'
import { formatNumber, plural } from '../../lib/format'

export interface FindingsPanelProps {
  report: AnomalyReport
  selectedId: string | null
  onSelect: (findingId: string) => void
  canPickFiles: boolean
}

export function FindingsPanel({ report, selectedId, onSelect, canPickFiles }: FindingsPanelProps): ReactElement {
  return (
    <Panel
      title={`Every finding (${plural(report.findings.length, 'row')})`}
      subtitle={`What ${ANOMALIES_FILE} holds: each change point and spike on each series, in rank order.`}
      actions={<ExportButton label="CSV" title={`Save ${ANOMALIES_FILE} (the file the CLI writes)`} canPickFiles={canPickFiles} disabled={report.findings.length === 0} files={() => [{ name: ANOMALIES_FILE, content: anomaliesCsv(report) }]} testId="anomalies-csv" />}
      testId="findings"
      flush
    >
      <div className="table-wrap alerts-scroll">
        <table className="table" aria-label="Every finding" data-testid="findings-table">
          <TableHead columns={[{ label: '#', num: true }, { label: 'Series' }, { label: 'Kind' }, { label: 'Date' }, { label: 'Before → after' }, { label: 'z', num: true }, { label: 'Impact' }]} />
          <tbody>
            {report.findings.map((f) => (
              <tr key={f.id} className={f.id === selectedId ? 'alerts-row--selected' : undefined} data-testid="finding-row" data-finding-id={f.id}>
                <td className="num">{f.rank}</td>
                <td>
                  <button type="button" className="link-btn" onClick={() => onSelect(f.id)}>
                    {METRIC_LABELS[f.metric]} · {sliceName(f)}
                  </button>
                </td>
                <td>{f.kind === 'spike' ? 'spike' : 'change'}</td>
                <td className="mono alerts-nowrap">{f.date}</td>
                <td>
                  {formatMetricValue(f.metric, f.before)} → {formatMetricValue(f.metric, f.after)}
                </td>
                <td className="num">{formatNumber(f.z, 1)}</td>
                <td>{impactText(f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
