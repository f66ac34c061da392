/** The loaded tables: file, rows, size, SHA-256 (short, copyable), rejected rows with a way to list them, and how their columns were mapped. */
import { Fragment, useState, type ReactElement } from 'react'
import type { TableKind } from '../../../../shared/schema'
import type { IntegrityReport, TableInfo } from '../../../../shared/types'
import { Badge } from '../../components/Badge'
import { CopyButton } from '../../components/CopyButton'
import { Panel } from '../../components/Panel'
import { formatBytes, formatInt, shortHash } from '../../lib/format'
import { TABLE_LABELS, mappingRows, tablesInOrder } from './integrity'
import { RejectedRowsDialog } from './RejectedRowsDialog'

function ColumnsSummary({ t }: { t: TableInfo }): ReactElement {
  const mapping = mappingRows(t)
  return (
    <div className="columns-summary" data-testid={`columns-${t.table}`}>
      <div className="columns-summary__line">
        <span>{formatInt(t.source_columns.length)} source columns</span>
        <span className="sep">·</span>
        <span>delimiter <code>{t.delimiter === '\t' ? 'tab' : t.delimiter}</code></span>
        <span className="sep">·</span>
        <span>{t.encoding}</span>
        {mapping.length === 0 && t.unknown_columns.length === 0 && t.duplicate_columns.length === 0 && (
          <>
            <span className="sep">·</span>
            <span className="good-text">all names canonical</span>
          </>
        )}
      </div>
      {mapping.length > 0 && (
        <div className="columns-summary__group">
          <span className="columns-summary__label">Renamed</span>
          <ul className="mapping">
            {mapping.map((m) => (
              <li key={m.canonical} className="mapping__item" data-testid="column-mapping">
                <code>{m.source}</code>
                <span aria-label="becomes"> → </span>
                <code className="mapping__canonical">{m.canonical}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {t.unknown_columns.length > 0 && (
        <div className="columns-summary__group">
          <span className="columns-summary__label">Unknown (kept, not used)</span>
          <span className="code-list">
            {t.unknown_columns.map((c) => (
              <code key={c}>{c}</code>
            ))}
          </span>
        </div>
      )}
      {t.duplicate_columns.length > 0 && (
        <div className="columns-summary__group">
          <span className="columns-summary__label bad-text">Duplicate (later copies ignored)</span>
          <span className="code-list">
            {t.duplicate_columns.map((c) => (
              <code key={c}>{c}</code>
            ))}
          </span>
        </div>
      )}
      {t.notes.length > 0 && (
        <ul className="columns-summary__notes">
          {t.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function TablesPanel({ report }: { report: IntegrityReport }): ReactElement {
  const [rejectedFor, setRejectedFor] = useState<TableKind | null>(null)
  const tables = tablesInOrder(report)
  return (
    <Panel title="Tables" subtitle="What was read, from which file, with its fingerprint. Rejected rows are counted, never silently dropped." flush testId="tables-panel">
      <div className="table-wrap">
        <table className="table" aria-label="Loaded tables">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">SHA-256</th>
              <th scope="col" className="num">
                Rejected
              </th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <Fragment key={t.table}>
                <tr data-testid={`table-row-${t.table}`} className="table__row--main">
                  <th scope="row">{TABLE_LABELS[t.table]}</th>
                  <td className="mono" title={t.path}>
                    {t.file}
                  </td>
                  <td className="num strong" data-testid={`table-rows-${t.table}`}>
                    {formatInt(t.rows)}
                  </td>
                  <td className="num muted">{formatBytes(t.bytes)}</td>
                  <td>
                    <span className="hash">
                      <code title={t.sha256} data-testid={`table-sha-${t.table}`}>
                        {shortHash(t.sha256)}
                      </code>
                      <CopyButton value={t.sha256} what={`SHA-256 of ${t.file}`} />
                    </span>
                  </td>
                  <td className="num">
                    <span className={t.rejected_rows > 0 ? 'bad-text strong' : 'muted'} data-testid={`table-rejected-${t.table}`}>
                      {formatInt(t.rejected_rows)}
                    </span>
                    {t.rejected_rows > 0 && (
                      <button type="button" className="btn btn--xs link-btn" onClick={() => setRejectedFor(t.table)} data-testid={`show-rejected-${t.table}`}>
                        Show
                      </button>
                    )}
                  </td>
                </tr>
                <tr className="table__row--detail">
                  <td />
                  <td colSpan={5}>
                    <ColumnsSummary t={t} />
                  </td>
                </tr>
              </Fragment>
            ))}
            {report.tables_absent.map((k) => (
              <tr key={k} className="table__row--absent" data-testid={`table-absent-${k}`}>
                <th scope="row">{TABLE_LABELS[k]}</th>
                <td colSpan={5}>
                  <Badge tone="neutral">ABSENT</Badge> <span className="muted">not in the data; checks that need it are reported as skipped</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RejectedRowsDialog table={rejectedFor} total={rejectedFor ? (report.tables[rejectedFor]?.rejected_rows ?? 0) : 0} onClose={() => setRejectedFor(null)} />
    </Panel>
  )
}
