/** The projection of the sampling policy: rows, kept rows, bytes and storage cost per model x use case and in total, as a chart and a table; a row opens its requests in the Explorer. */
import { useMemo, type ReactElement } from 'react'
import { samplingProjectionCsv, SAMPLING_FILES } from '../../../../shared/artifacts/samplingArtifacts'
import type { SamplingProjection, SamplingProjectionRow } from '../../../../shared/sampling'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { TableHead } from '../../components/TableHead'
import { formatBytes, formatInt, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { buildProjectionOption, projectionChartHeight, stratumLabel } from './buildSamplingOptions'

export interface ProjectionPanelProps {
  projection: SamplingProjection
  stale: boolean
  canPickFiles: boolean
  onOpen: (row: SamplingProjectionRow) => void
}

function Row({ r, onOpen }: { r: SamplingProjectionRow; onOpen?: () => void }): ReactElement {
  return (
    <tr
      className={onOpen ? 'sampling-clickable' : 'sampling-total'}
      tabIndex={onOpen ? 0 : undefined}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (onOpen && e.key === 'Enter') onOpen()
      }}
      title={onOpen ? `Open the ${formatInt(r.rows)} requests of ${stratumLabel(r)} in the Explorer` : undefined}
      data-testid={r.total ? 'sampling-projection-total' : `sampling-projection-row-${r.model_name}-${r.use_case}`}
    >
      <th scope="row">{r.total ? 'Total' : stratumLabel(r)}</th>
      <td className="num">{formatInt(r.rows)}</td>
      <td className="num">{formatInt(r.must_keep_rows)}</td>
      <td className="num" data-value={r.expected_kept_rows}>
        {formatNumber(r.expected_kept_rows, 1)}
      </td>
      <td className="num">{formatInt(r.sampled_rows)}</td>
      <td className="num" data-value={r.keep_share ?? ''}>
        {formatPercent(r.keep_share)}
      </td>
      <td className="num" title={`${formatBytes(r.bytes)} before sampling`}>
        {formatBytes(r.expected_kept_bytes)}
      </td>
      <td className="num" data-value={r.kept_storage_usd_month ?? ''} title={`${formatUsd(r.storage_usd_month)} a month before sampling`}>
        {formatUsd(r.kept_storage_usd_month)}
      </td>
      <td className="num good-text" data-value={r.saving_usd_month ?? ''}>
        {formatUsd(r.saving_usd_month)}
      </td>
    </tr>
  )
}

export function ProjectionPanel({ projection, stale, canPickFiles, onOpen }: ProjectionPanelProps): ReactElement {
  const option = useMemo(() => buildProjectionOption(projection.rows), [projection.rows])
  const table = (): ReactElement => (
    <div className="table-wrap">
      <table className="table" aria-label="Projection per model and use case">
        <TableHead
          columns={[
            { label: 'Model / use case' },
            { label: 'Rows', num: true },
            { label: 'Kept for sure', num: true },
            { label: 'Kept (expected)', num: true },
            { label: 'Kept (hash)', num: true },
            { label: 'Share', num: true },
            { label: 'Bytes kept', num: true, title: 'expected size of the kept rows in the file (hover a cell for the size before sampling)' },
            { label: 'Storage / month', num: true, title: 'of the kept rows, at the storage price (hover a cell for the cost before sampling)' },
            { label: 'Saving / month', num: true }
          ]}
        />
        <tbody>
          {projection.rows.map((r) => (
            <Row key={`${r.model_name}\u0000${r.use_case}`} r={r} onOpen={() => onOpen(r)} />
          ))}
          <Row r={projection.total} />
        </tbody>
      </table>
    </div>
  )
  return (
    <ChartPanel
      title="Projection"
      subtitle={
        projection.bytes_per_month === null
          ? 'Kept rows and bytes per model x use case (no timestamps: no monthly cost).'
          : `Kept rows, bytes and storage cost per model x use case; ${formatBytes(projection.bytes_per_month)} a month over ${projection.days} day${projection.days === 1 ? '' : 's'} of data, at ${formatUsd(projection.storage_usd_per_gb_month)} per GB-month.`
      }
      canPickFiles={canPickFiles}
      stale={stale}
      testId="sampling-projection"
      table={{ render: table, toggleLabel: 'Projection view', toggleTestId: 'sampling-projection-view' }}
      csv={{ file: () => ({ name: SAMPLING_FILES.projection, content: samplingProjectionCsv(projection) }), title: 'sampling_projection.csv', testId: 'sampling-projection-csv' }}
      png={{ name: 'sampling_projection' }}
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={projectionChartHeight(projection.rows.length)}
          ariaLabel={`Rows and kept rows per model and use case: ${projection.rows
            .slice(0, 20)
            .map((r) => `${stratumLabel(r)} ${formatInt(r.rows)} rows, ${formatNumber(r.expected_kept_rows, 0)} kept`)
            .join('; ')}`}
          onItemClick={(p) => {
            const r = projection.rows[p.dataIndex]
            if (r) onOpen(r)
          }}
          testId="sampling-projection-chart"
        />
      )}
    />
  )
}
