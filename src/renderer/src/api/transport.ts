/** Picks the transport: the preload bridge in Electron, HTTP + WebSocket with the run token in web mode. */
import { API_METHODS, type ApiMethod, type ApiResult, type WorkbenchEvent } from '../../../shared/api'
import type { WorkbenchBridge } from '../../../shared/bridge'

const TOKEN_KEY = 'workbench.token'

/** Reads the token from the URL once (then removes it from the address bar) or from session storage. */
function webToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function webBridge(): WorkbenchBridge {
  const token = webToken()
  const listeners = new Set<(e: WorkbenchEvent) => void>()
  const deliver = (event: WorkbenchEvent): void => {
    for (const l of listeners) l(event)
  }
  let wasCut = false
  const connect = (): void => {
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(`${proto}://${window.location.host}/events?token=${encodeURIComponent(token)}`)
    socket.onopen = () => {
      if (wasCut) deliver({ type: 'eventsResumed' })
      wasCut = false
    }
    socket.onmessage = (m) => deliver(JSON.parse(String(m.data)) as WorkbenchEvent)
    socket.onclose = () => {
      wasCut = true
      window.setTimeout(connect, 1000)
    }
  }
  connect()
  const call = async (method: ApiMethod, req: unknown): Promise<ApiResult<unknown>> => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(req ?? {})
      })
      if (res.status === 401) return { ok: false, error: { code: 'invalid_request', message: 'this page has no valid access token: open the URL printed by npm run serve' } }
      if (!res.ok) return { ok: false, error: { code: 'internal', message: `server answered ${res.status}` } }
      return (await res.json()) as ApiResult<unknown>
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `the local server is not reachable (${(err as Error).message})` } }
    }
  }
  const bridge: Record<string, unknown> = {}
  for (const m of API_METHODS) bridge[m] = (req: unknown) => call(m, req)
  bridge.onDidEmit = (l: (e: WorkbenchEvent) => void) => {
    listeners.add(l)
    return () => listeners.delete(l)
  }
  return bridge as WorkbenchBridge
}

let cached: WorkbenchBridge | null = null

export function getBridge(): WorkbenchBridge {
  if (!cached) cached = window.workbench ?? webBridge()
  return cached
}

/** The URL of a file the web server offers for download (a bundle), with the run token it requires; null in the desktop app. */
export function downloadUrl(serverPath: string): string | null {
  if (window.workbench) return null
  return `${serverPath}?token=${encodeURIComponent(webToken())}`
}

/** The path of a dropped file where the shell can tell it (desktop); null in web mode, where only its bytes are known. */
export function pathForDroppedFile(file: File): string | null {
  const bridge = window.workbench
  if (!bridge?.pathForFile) return null
  try {
    return bridge.pathForFile(file) || null
  } catch {
    return null
  }
}
