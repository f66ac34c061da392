/** The shape of the bridge both transports give the renderer: one function per contract method, plus events. */
import type { ApiMethod, ApiResult, ApiRequest, ApiResponse, WorkbenchEvent } from './api'

export type WorkbenchBridge = {
  [M in ApiMethod]: (req: ApiRequest<M>) => Promise<ApiResult<ApiResponse<M>>>
} & {
  onDidEmit(listener: (e: WorkbenchEvent) => void): () => void
  /** desktop only: the path of a file dropped on the window (Electron's webUtils.getPathForFile) */
  pathForFile?: (file: unknown) => string
}
