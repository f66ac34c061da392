/** The Data page: open data (file dialog, server path or demo), follow the load, and read the integrity report of what is loaded. */
import type { ReactElement } from 'react'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { EmptyState } from '../../components/EmptyState'
import { LoadingState } from '../../components/LoadingState'
import { IntegrityReportView } from './IntegrityReportView'
import { LoadStatus } from './LoadStatus'
import { OpenDataPanel } from './OpenDataPanel'

export function DataPage(_props: PageProps): ReactElement {
  const wb = useWorkbench()
  return (
    <div className="stack">
      <OpenDataPanel appInfo={wb.appInfo} busy={!!wb.job} onPick={() => void wb.pickAndLoad()} onLoadPath={(p) => void wb.loadPaths([p])} onLoadDemo={() => void wb.loadDemo()} />
      <LoadStatus job={wb.job} outcome={wb.outcome} dataset={wb.dataset} onCancel={wb.cancelLoad} onDismiss={wb.dismissOutcome} />
      {wb.dataset ? (
        <IntegrityReportView dataset={wb.dataset} />
      ) : !wb.datasetKnown ? (
        <LoadingState label="Asking the backend what is loaded…" />
      ) : (
        !wb.job && (
          <EmptyState title="No dataset loaded" testId="data-empty">
            Open a folder of telemetry CSVs above, or the demo data, to see its integrity report.
          </EmptyState>
        )
      )}
    </div>
  )
}
