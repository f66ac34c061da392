/** App shell placeholder until the feature pages land. */
import { useEffect, useState, type ReactElement } from 'react'
import type { DatasetSummary } from '../../shared/types'
import { call } from './api/client'

export function App(): ReactElement {
  const [ds, setDs] = useState<DatasetSummary | null>(null)
  useEffect(() => {
    void call('getDataset', {}).then(setDs)
  }, [])
  return <main>{ds ? `${ds.label}: ${ds.report.tables.interactions?.rows} interactions` : 'No data loaded'}</main>
}
