/**
 * The Clusters page's settings in the workspace (`ui.cluster_settings`): read with each field's
 * fallback, changed through the workspace's UI part (patchWorkspaceUi, sent debounced), and
 * restored when another workspace is opened: its local model endpoint is set again and its clusters
 * are recomputed with its settings (so a saved cluster filter selects the same requests).
 */
import { useEffect, useRef } from 'react'
import type { ClusterRanking, ClusterRunInfo, DiagnosisModelSettings, MapColorBy } from '../../../../shared/clusters'
import { readClusterWorkspaceSettings, savedRunSettings, type ClusterWorkspaceSettings } from '../../../../shared/clusterWorkspace'
import type { WorkspaceUi } from '../../../../shared/workspace'
import { call } from '../../api/client'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { patchWorkspaceUi, useWorkspace } from '../../app/workspaceStore'
import { claimAutoStart, useClusterJob } from './clusterRunStore'

/** The saved settings of the open workspace (every field null when none were saved). */
export function useClusterWorkspaceSettings(): ClusterWorkspaceSettings {
  return readClusterWorkspaceSettings(useWorkspace().ui?.cluster_settings ?? null)
}

/** Merges a change into `ui.cluster_settings` (nothing is sent when nothing changed). */
export function saveClusterSettings(ui: WorkspaceUi | null, patch: Partial<ClusterWorkspaceSettings>): void {
  if (!ui) return
  patchWorkspaceUi({ cluster_settings: { ...readClusterWorkspaceSettings(ui.cluster_settings), ...patch } })
}

/** The run's settings as the workspace records them (the seed it used, K null when chosen automatically). */
export function runSettingsOf(info: Pick<ClusterRunInfo, 'settings'>): NonNullable<ClusterWorkspaceSettings['run']> {
  return { k: info.settings.k, seed: info.settings.seed, text: info.settings.text, vectors: info.settings.vectors }
}

/** The local model as the workspace records it: the endpoint and model, whether a key was used (never the key). */
export function localModelOf(m: DiagnosisModelSettings): ClusterWorkspaceSettings['local_model'] {
  return m.endpoint ? { endpoint: m.endpoint, model: m.model, api_key_set: m.api_key_set } : null
}

export function sameRun(a: ClusterWorkspaceSettings['run'], b: ClusterWorkspaceSettings['run']): boolean {
  return !!a && !!b && a.k === b.k && a.seed === b.seed && a.text === b.text && a.vectors === b.vectors
}

/** The ranking and colouring the page shows: its URL parameters, else the workspace's. */
export interface ClusterViewDefaults {
  ranking: ClusterRanking
  colorBy: MapColorBy
}

/**
 * When another workspace is opened (or the window first sees one): sets the diagnosis model to the
 * workspace's (off when it has none; an API key is never restored: the page asks for it again) and,
 * once its data is loaded, recomputes its clusters with its settings unless those are already active.
 * Mounted once, in the app shell.
 */
export function ClusterWorkspaceRestore(): null {
  const ws = useWorkspace()
  const wb = useWorkbench()
  const job = useClusterJob()
  const datasetId = wb.dataset?.id ?? null
  const restoredModel = useRef(0)
  const restoredRun = useRef<string>('')

  useEffect(() => {
    if (!ws.ui || ws.uiEpoch === restoredModel.current) return
    restoredModel.current = ws.uiEpoch
    const saved = readClusterWorkspaceSettings(ws.ui.cluster_settings).local_model
    void call('getDiagnosisModel', {}).then(
      (current) => {
        if ((saved?.endpoint ?? null) === current.endpoint && (!saved || saved.model === current.model)) return
        return call('setDiagnosisModel', { endpoint: saved?.endpoint ?? null, model: saved?.model ?? 'local-model' }).then(() => undefined)
      },
      () => undefined
    )
  }, [ws.uiEpoch, ws.ui])

  useEffect(() => {
    if (!ws.ui || datasetId === null) return
    const key = `${ws.uiEpoch}:${datasetId}`
    if (restoredRun.current === key) return
    restoredRun.current = key
    const saved = savedRunSettings(readClusterWorkspaceSettings(ws.ui.cluster_settings))
    if (!saved) return
    void call('getClusterStatus', {}).then(
      (status) => {
        if (status.running || (status.active && sameRun(runSettingsOf(status.active), saved))) return
        // the Clusters page then does not start the defaults on its first visit
        claimAutoStart(datasetId)
        job.run(saved)
      },
      () => undefined
    )
  }, [ws.uiEpoch, ws.ui, datasetId, job])
  return null
}
