/** Type of the bridge the preload exposes on window (present in the desktop app only). */
import type { WorkbenchBridge } from '../shared/bridge'

declare global {
  interface Window {
    workbench?: WorkbenchBridge
  }
}

export {}
