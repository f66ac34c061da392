/** The preload bridge: exposes exactly the contract's methods and its event channel to the sandboxed renderer. */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { API_METHODS, CHANNELS, type WorkbenchEvent } from '../shared/api'
import type { WorkbenchBridge } from '../shared/bridge'

const bridge: Record<string, unknown> = {}
for (const method of API_METHODS) {
  bridge[method] = (req: unknown) => ipcRenderer.invoke(CHANNELS.invoke(method), req ?? {})
}
bridge.onDidEmit = (listener: (e: WorkbenchEvent) => void): (() => void) => {
  const wrapped = (_e: IpcRendererEvent, event: WorkbenchEvent): void => listener(event)
  ipcRenderer.on(CHANNELS.event, wrapped)
  return () => ipcRenderer.removeListener(CHANNELS.event, wrapped)
}

// A dropped file's path (the renderer sees only a File); used to open a dropped workspace, bundle or CSV.
bridge.pathForFile = (file: unknown): string => webUtils.getPathForFile(file as File)

contextBridge.exposeInMainWorld('workbench', bridge as WorkbenchBridge)
