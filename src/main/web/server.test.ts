import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { inProcessBackend } from '../backend/dispatch'
import { Workbench } from '../backend/workbench'
import { startWebServer, type RunningServer } from './server'

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')

function request(port: number, opts: { path: string; method?: string; host?: string; token?: string; origin?: string; body?: unknown }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${port}`, 'Content-Type': 'application/json' }
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`
    if (opts.origin) headers.Origin = opts.origin
    const req = http.request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    if (opts.body !== undefined) req.write(JSON.stringify(opts.body))
    req.end()
  })
}

describe('web mode server', () => {
  let server: RunningServer
  let workbench: Workbench
  beforeAll(async () => {
    workbench = new Workbench({ mode: 'web' })
    server = await startWebServer({ backend: inProcessBackend(workbench), rendererDir: path.resolve(__dirname, '../../../out/renderer') })
  })
  afterAll(async () => {
    await server.close()
    await workbench.dispose()
  })

  it('listens on 127.0.0.1 with a random token in the URL', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`))
  })

  it('refuses API calls without the token or with a wrong one', async () => {
    expect((await request(server.port, { path: '/api/getAppInfo', body: {} })).status).toBe(401)
    expect((await request(server.port, { path: '/api/getAppInfo', token: 'x'.repeat(48), body: {} })).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    expect((await request(server.port, { path: '/api/getAppInfo', host: 'evil.example:80', token: server.token, body: {} })).status).toBe(403)
    expect((await request(server.port, { path: '/api/getAppInfo', origin: 'http://evil.example', token: server.token, body: {} })).status).toBe(403)
  })

  it('answers a valid call, and validates method names and payloads', async () => {
    const ok = await request(server.port, { path: '/api/getAppInfo', token: server.token, body: {} })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { mode: 'web' } })
    const unknown = JSON.parse((await request(server.port, { path: '/api/dropEverything', token: server.token, body: {} })).body)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const bad = JSON.parse((await request(server.port, { path: '/api/loadDataset', token: server.token, body: { jobId: -1, paths: [] } })).body)
    expect(bad.ok).toBe(false)
    expect(bad.error.code).toBe('invalid_request')
  })

  it('needs the token for the event socket', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=wrong`)
      ws.on('error', () => resolve('refused'))
      ws.on('open', () => resolve('open'))
    })
    expect(refused).toBe('refused')
    const events: string[] = []
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`)
    await new Promise((r) => ws.on('open', r))
    ws.on('message', (m) => events.push(JSON.parse(String(m)).type))
    const load = JSON.parse((await request(server.port, { path: '/api/loadDataset', token: server.token, body: { jobId: 7, paths: [FIXTURE] } })).body)
    expect(load.ok).toBe(true)
    expect(load.value.report.tables.interactions.rows).toBe(2400)
    await new Promise((r) => setTimeout(r, 100))
    expect(events).toContain('progress')
    expect(events).toContain('datasetChanged')
    ws.close()
  })

  it('keeps the loaded dataset when a later load fails', async () => {
    const before = JSON.parse((await request(server.port, { path: '/api/getDataset', token: server.token, body: {} })).body)
    const failed = JSON.parse((await request(server.port, { path: '/api/loadDataset', token: server.token, body: { jobId: 8, paths: ['/nonexistent'] } })).body)
    expect(failed).toMatchObject({ ok: false, error: { code: 'load_failed' } })
    expect(failed.error.message).toMatch(/\/nonexistent: not found/)
    const after = JSON.parse((await request(server.port, { path: '/api/getDataset', token: server.token, body: {} })).body)
    expect(after.value.id).toBe(before.value.id)
    const health = JSON.parse((await request(server.port, { path: '/api/getHealth', token: server.token, body: { scope: {} } })).body)
    expect(health.value.interactions).toBe(2400)
  })

  it('runs read-only SQL and refuses writes and file access', async () => {
    const sql = (q: string): Promise<{ ok: boolean; value?: { rows: unknown[][] }; error?: { message: string } }> =>
      request(server.port, { path: '/api/runSql', token: server.token, body: { sql: q } }).then((r) => JSON.parse(r.body))
    expect((await sql('SELECT count(*) AS n FROM interactions')).value?.rows).toEqual([[2400]])
    expect((await sql('DROP TABLE interactions')).ok).toBe(false)
    expect((await sql('SELECT 1; DROP TABLE interactions')).ok).toBe(false)
    const file = await sql("SELECT * FROM read_csv('/etc/passwd')")
    expect(file.ok).toBe(false)
    expect(file.error?.message).toMatch(/disabled by configuration|Permission/)
  })
})
