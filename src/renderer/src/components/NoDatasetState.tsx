/** What an analysis page shows while no dataset is loaded: the load in progress, or how to open data. */
import type { ReactElement, ReactNode } from 'react'
import { useWorkbench } from '../app/WorkbenchProvider'
import { EmptyState } from './EmptyState'
import { LoadingState } from './LoadingState'

export interface NoDatasetStateProps {
  testId: string
  /** goes to the Data page */
  onOpenData: () => void
  /** what the page needs data for; a generic line by default */
  children?: ReactNode
  /** offer the bundled demo data next to "Open data" (default true) */
  offerDemo?: boolean
}

export function NoDatasetState({ testId, onOpenData, children, offerDemo = true }: NoDatasetStateProps): ReactElement {
  const wb = useWorkbench()
  if (wb.job || !wb.datasetKnown) return <LoadingState label={wb.job ? `Loading ${wb.job.external ? 'data' : wb.job.target}…` : 'Connecting…'} />
  return (
    <EmptyState
      title="No dataset loaded"
      testId={testId}
      action={
        <>
          <button type="button" className="btn btn--primary" onClick={onOpenData}>
            Open data
          </button>
          {offerDemo && (
            <button type="button" className="btn" onClick={() => void wb.loadDemo()}>
              Open demo data
            </button>
          )}
        </>
      }
    >
      {children ?? 'Open a folder of telemetry CSVs on the Data page, or try the synthetic demo data.'}
    </EmptyState>
  )
}
