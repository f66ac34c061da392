/** The features of one drift window pair: severity badge, PSI or TV, KS statistic and p-value, chi-square p-value and the values compared per side; a row selects the feature whose distributions are overlaid. */
import type { ReactElement } from 'react'
import type { DriftFeatureRow } from '../../../../shared/drift'
import { Badge } from '../../components/Badge'
import { TableHead } from '../../components/TableHead'
import { formatInt } from '../../lib/format'
import { formatMetric, formatPValue, SEVERITY_TONE, severityRule } from './driftReport'

export interface DriftTableProps {
  features: readonly DriftFeatureRow[]
  selected: string | null
  onSelect: (feature: string) => void
}

export function DriftTable({ features, selected, onSelect }: DriftTableProps): ReactElement {
  return (
    <div className="table-wrap">
      <table className="table drift-table" aria-label="Drift per feature">
        <TableHead
          columns={[
            { label: 'Feature' },
            { label: 'Severity' },
            { label: 'PSI · TV', num: true, title: 'PSI over 10 reference-decile bins (numeric) or total variation distance (categorical): what the severity is judged on' },
            { label: 'KS', num: true, title: 'Two-sample Kolmogorov-Smirnov statistic (numeric)' },
            { label: 'p-value', num: true, title: 'KS p-value (numeric, informational) or Pearson chi-square p-value without continuity correction (categorical)' },
            { label: 'n ref / cur', num: true, title: 'Values compared, reference / current: finite values (numeric) or rows (categorical)' }
          ]}
        />
        <tbody>
          {features.map((f) => {
            const isSelected = f.feature === selected
            return (
              <tr
                key={f.feature}
                className={`drift-table__row${isSelected ? ' drift-table__row--selected' : ''}`}
                data-selected={isSelected}
                onClick={() => onSelect(f.feature)}
                data-testid={`drift-row-${f.feature}`}
                data-severity={f.severity}
                data-psi={f.psi ?? ''}
                data-tv={f.tv_distance ?? ''}
              >
                <th scope="row">
                  <button type="button" className="drift-table__feature" onClick={() => onSelect(f.feature)} aria-pressed={isSelected}>
                    {f.feature}
                  </button>
                  <span className="muted drift-table__type">{f.type}</span>
                </th>
                <td>
                  <Badge tone={SEVERITY_TONE[f.severity]} title={severityRule(f)} solid={f.severity === 'high'} testId={`drift-severity-${f.feature}`}>
                    {f.severity === 'insufficient_data' ? 'insufficient data' : f.severity}
                  </Badge>
                </td>
                <td className="num">
                  <span className="drift-table__metric">{f.type === 'numeric' ? 'PSI' : 'TV'}</span> {formatMetric(f.type === 'numeric' ? f.psi : f.tv_distance)}
                </td>
                <td className="num">{formatMetric(f.ks_statistic)}</td>
                <td className="num">
                  <span className="drift-table__metric">{f.type === 'numeric' ? 'KS' : 'χ²'}</span> {formatPValue(f.type === 'numeric' ? f.ks_pvalue : f.chi2_pvalue)}
                </td>
                <td className="num">
                  {formatInt(f.reference_n)} / {formatInt(f.current_n)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
