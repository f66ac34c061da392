/** The analysis windows of PIPELINE.md section 3: method, rows and UTC time range per window, the time cut and rows without a timestamp. */
import type { ReactElement } from 'react'
import type { WindowsInfo } from '../../../../shared/types'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatInt, formatUtc } from '../../lib/format'
import { historyDefinition } from '../../../../shared/windowsText'
import { CALIBRATION_SOURCE_LABEL, WINDOWING_LABEL, windowRows } from './integrity'

export function WindowsPanel({ windows: w }: { windows: WindowsInfo }): ReactElement {
  return (
    <Panel title="Windows" subtitle="Which rows each analysis learns from and is judged on. Times are UTC." flush testId="windows-panel">
      <dl className="facts">
        <div>
          <dt>Method</dt>
          <dd>
            {w.windowing_method ? (
              <>
                <code data-testid="windows-method">{w.windowing_method}</code> <span className="muted">{WINDOWING_LABEL[w.windowing_method]}</span>
              </>
            ) : (
              <span className="bad-text" data-testid="windows-method">
                none (no timestamps and no split column)
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>History</dt>
          <dd data-testid="windows-history-definition">{historyDefinition(w.windowing_method)}</dd>
        </div>
        {w.calibration_source && (
          <div>
            <dt>Calibration from</dt>
            <dd>
              <code>{w.calibration_source}</code> <span className="muted">{CALIBRATION_SOURCE_LABEL[w.calibration_source]}</span>
            </dd>
          </div>
        )}
        {w.evaluation_window && (
          <div>
            <dt>Evaluation rows</dt>
            <dd>
              <code>{w.evaluation_window}</code>
            </dd>
          </div>
        )}
        {w.windowing_method === 'session_safe_time_split' && (
          <div>
            <dt>Cut (cut_ts)</dt>
            <dd className="mono" data-testid="windows-cut">
              {formatUtc(w.cut_ts)}
            </dd>
          </div>
        )}
        <div>
          <dt>Rows without timestamp</dt>
          <dd data-testid="windows-untimed">
            {formatInt(w.rows_without_timestamp)}
            {w.rows_without_timestamp > 0 && <span className="muted"> (in the snapshot, in no window)</span>}
          </dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table className="table" aria-label="Windows">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col">First (UTC)</th>
              <th scope="col">Last (UTC)</th>
              <th scope="col">Used for</th>
            </tr>
          </thead>
          <tbody>
            {windowRows(w).map((r) => (
              <tr key={r.key} data-testid={`window-${r.key}`}>
                <th scope="row">
                  {r.label}
                  {r.rows === 0 && r.key !== 'fit' && (
                    <>
                      {' '}
                      <Badge tone="warn">empty</Badge>
                    </>
                  )}
                </th>
                <td className="num strong" data-testid={`window-rows-${r.key}`}>
                  {formatInt(r.rows)}
                </td>
                <td className="mono nowrap">{formatUtc(r.start)}</td>
                <td className="mono nowrap">{formatUtc(r.end)}</td>
                <td className="muted">{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
