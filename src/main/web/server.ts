/** Web mode: the backend behind HTTP + WebSocket on 127.0.0.1 only, a per-run token on every request, and a Host check. */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ApiMethod, ApiResult, WorkbenchEvent } from '../../shared/api'

export interface Backend {
  call(method: ApiMethod, payload: unknown): Promise<ApiResult<unknown>>
  onDidEmit(listener: (e: WorkbenchEvent) => void): () => void
}

export interface WebServerOptions {
  backend: Backend
  /** folder of the built renderer (index.html + assets) */
  rendererDir: string
  /** 0 picks a free port */
  port?: number
  token?: string
  /** files the backend wrote for download (bundles): served at /download/<name> with the token */
  downloadsDir?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY = 10 << 20
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Content Security Policy for the renderer when served over HTTP (the Electron build sets the same in index.html). */
export const WEB_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startWebServer(opts: WebServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  const rendererDir = path.resolve(opts.rendererDir)
  let port = opts.port ?? 0

  const allowedHost = (host: string | undefined): boolean => host === `127.0.0.1:${port}` || host === `localhost:${port}`

  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    if (!allowedHost(req.headers.host)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden host')
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname.startsWith('/api/')) {
      void handleApi(req, res, url.pathname.slice(5))
      return
    }
    if (url.pathname.startsWith('/download/')) {
      serveDownload(req, res, url)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    serveStatic(url.pathname, res)
  })

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const origin = req.headers.origin
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden origin')
      return
    }
    const auth = req.headers.authorization
    if (!tokenMatches(auth?.startsWith('Bearer ') ? auth.slice(7) : null, token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('missing or wrong token')
      return
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end()
      return
    }
    let size = 0
    const chunks: Buffer[] = []
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) {
        res.writeHead(413).end('request too large')
        return
      }
      chunks.push(chunk as Buffer)
    }
    let payload: unknown
    try {
      payload = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'invalid_request', message: 'body is not JSON' } }))
      return
    }
    // The backend validates the method name and payload; unknown names come back as invalid_request.
    const result = await opts.backend.call(method as ApiMethod, payload)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(result))
  }

  /** A file the backend wrote into the downloads folder; the token comes in the query (an anchor cannot send a header). */
  function serveDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' || !opts.downloadsDir) {
      res.writeHead(404).end()
      return
    }
    if (!tokenMatches(url.searchParams.get('token'), token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('missing or wrong token')
      return
    }
    const name = decodeURIComponent(url.pathname.slice('/download/'.length))
    const dir = path.resolve(opts.downloadsDir)
    const file = path.resolve(dir, name)
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(name) || path.dirname(file) !== dir || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(fs.statSync(file).size),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store'
    })
    fs.createReadStream(file).pipe(res)
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    const file = path.resolve(rendererDir, '.' + rel)
    if (!file.startsWith(rendererDir + path.sep)) {
      res.writeHead(404).end()
      return
    }
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(rendererDir, 'index.html')
    if (!fs.existsSync(target)) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`renderer build not found in ${rendererDir}: run npm run build`)
      return
    }
    const headers: Record<string, string> = { 'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream' }
    if (target.endsWith('.html')) {
      headers['Content-Security-Policy'] = WEB_CSP
      headers['Cache-Control'] = 'no-store'
    }
    res.writeHead(200, headers)
    fs.createReadStream(target).pipe(res)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 16 })
  const sockets = new Set<WebSocket>()
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const origin = req.headers.origin
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
    if (url.pathname !== '/events' || !allowedHost(req.headers.host) || !originOk || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
    })
  })
  const unsubscribe = opts.backend.onDidEmit((event) => {
    const text = JSON.stringify(event)
    for (const ws of sockets) ws.send(text)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
