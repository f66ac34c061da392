/** A table's header row built from a list of columns: numeric columns right-aligned, each with an optional tooltip. */
import type { ReactElement, ReactNode } from 'react'

export interface TableColumn {
  label: ReactNode
  /** a number column: right-aligned like its cells */
  num?: boolean
  /** what the column means, on hover */
  title?: string
}

export interface TableHeadProps {
  /** a falsy entry is a column left out (e.g. shown only during a what-if) */
  columns: readonly (TableColumn | false | null | undefined)[]
}

export function TableHead({ columns }: TableHeadProps): ReactElement {
  return (
    <thead>
      <tr>
        {columns
          .filter((c): c is TableColumn => !!c)
          .map((c, i) => (
            <th key={i} scope="col" className={c.num ? 'num' : undefined} title={c.title}>
              {c.label}
            </th>
          ))}
      </tr>
    </thead>
  )
}
