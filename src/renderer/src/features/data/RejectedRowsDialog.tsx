/** Lists the rows the CSV reader rejected for one table (line, column, reason), paged from the backend in the data grid. */
import type { ColumnDef } from '@tanstack/react-table'
import { useCallback, type ReactElement } from 'react'
import type { TableKind } from '../../../../shared/schema'
import type { RejectedRow } from '../../../../shared/types'
import { call } from '../../api/client'
import { DataGrid } from '../../components/DataGrid'
import { Dialog } from '../../components/Dialog'
import { formatInt } from '../../lib/format'
import { TABLE_LABELS } from './integrity'

const COLUMNS: ColumnDef<RejectedRow, unknown>[] = [
  // line numbers read like an editor's (no thousands separator), so they can be typed into "go to line"
  { id: 'line', accessorKey: 'line', header: 'Line', size: 80, enableSorting: false, meta: { align: 'right' }, cell: (c) => (c.getValue() === null ? '—' : String(c.getValue())) },
  { id: 'column', accessorKey: 'column', header: 'Column', size: 160, enableSorting: false },
  { id: 'reason', accessorKey: 'reason', header: 'Reason', size: 460, enableSorting: false },
  { id: 'file', accessorKey: 'file', header: 'File', size: 220, enableSorting: false }
]

export interface RejectedRowsDialogProps {
  table: TableKind | null
  total: number
  onClose: () => void
}

export function RejectedRowsDialog({ table, total, onClose }: RejectedRowsDialogProps): ReactElement | null {
  const fetchPage = useCallback(async (offset: number, limit: number): Promise<RejectedRow[]> => {
    if (!table) return []
    const res = await call('listRejectedRows', { table, offset, limit })
    return res.rows
  }, [table])
  if (!table) return null
  return (
    <Dialog title={`Rejected rows: ${TABLE_LABELS[table]}`} open onClose={onClose} wide testId="rejected-dialog">
      <p className="muted dialog__lead">
        {total === 1 ? '1 row of this table could not be read and is' : `${formatInt(total)} rows of this table could not be read and are`} not in any number the app
        shows. Line numbers count from the header (line 1).
      </p>
      <DataGrid<RejectedRow> columns={COLUMNS} fetchPage={fetchPage} total={total} ariaLabel={`Rejected rows of ${table}`} pageSize={100} height={380} emptyMessage="No rejected rows." testId="rejected-grid" />
    </Dialog>
  )
}
