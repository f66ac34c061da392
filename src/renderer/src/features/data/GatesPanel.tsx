/** Every integrity gate as a row: PASS / FAIL / SKIPPED, offending count, example keys and the detail or reason. */
import type { ReactElement } from 'react'
import type { GateResult } from '../../../../shared/types'
import { Badge } from '../../components/Badge'
import { Panel } from '../../components/Panel'
import { formatInt, formatPercent } from '../../lib/format'
import { GATE_STATUS_LABEL, GATE_STATUS_TONE, gateTitle, orderGates, tallyGates } from './integrity'

export function GatesPanel({ gates }: { gates: readonly GateResult[] }): ReactElement {
  const t = tallyGates(gates)
  // a clean dataset has no offending keys anywhere: the column would only hold dashes
  const anyExamples = gates.some((g) => g.examples.length > 0)
  return (
    <Panel
      title="Integrity gates"
      subtitle="A failed gate is a stop-ship: routing and triage outputs are blocked until it is fixed or explicitly overridden."
      actions={
        <span className="gate-tally" data-testid="gate-tally">
          <Badge tone="good">{t.pass} pass</Badge>
          <Badge tone={t.fail ? 'bad' : 'neutral'}>{t.fail} fail</Badge>
          <Badge tone="neutral">{t.skipped} skipped</Badge>
        </span>
      }
      flush
      testId="gates-panel"
    >
      <div className="table-wrap">
        <table className="table" aria-label="Integrity gates">
          <thead>
            <tr>
              <th scope="col" style={{ width: 96 }}>
                Status
              </th>
              <th scope="col" style={{ width: '34%' }}>
                Gate
              </th>
              <th scope="col" className="num" style={{ width: 90 }}>
                Offending
              </th>
              {anyExamples && <th scope="col">Examples</th>}
              <th scope="col" style={{ width: '30%' }}>
                Detail
              </th>
            </tr>
          </thead>
          <tbody>
            {orderGates(gates).map((g) => (
              <tr key={g.gate} data-testid={`gate-row-${g.gate}`} data-status={g.status} className={g.status === 'fail' ? 'table__row--bad' : undefined}>
                <td>
                  <Badge tone={GATE_STATUS_TONE[g.status]} testId={`gate-status-${g.gate}`}>
                    {GATE_STATUS_LABEL[g.status]}
                  </Badge>
                  {g.overridden && (
                    <Badge tone="warn" title="The operator overrode this failed gate; the override is recorded in the decision artifact">
                      overridden
                    </Badge>
                  )}
                </td>
                <th scope="row" className="gate-name">
                  <div>{gateTitle(g.gate)}</div>
                  <code className="muted">{g.gate}</code>
                </th>
                <td className={`num${g.status === 'fail' ? ' bad-text strong' : g.offending_count > 0 ? '' : ' muted'}`} data-testid={`gate-offending-${g.gate}`}>
                  {g.status === 'skipped' ? '—' : formatInt(g.offending_count)}
                </td>
                {anyExamples && (
                  <td>
                    {g.examples.length > 0 ? (
                      <span className="code-list" data-testid={`gate-examples-${g.gate}`}>
                        {g.examples.map((e) => (
                          <code key={e}>{e}</code>
                        ))}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                <td className="gate-detail">
                  {g.reason ?? g.detail ?? ''}
                  {g.missing_share !== undefined && !g.reason && !g.detail && <span className="muted">{formatPercent(g.missing_share, 2)} missing</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}
