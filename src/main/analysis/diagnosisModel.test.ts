import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnosis } from '../../shared/clusters'
import { askModel, checkEndpoint, evidenceText, isLoopbackHost, parseHeadings } from './diagnosisModel'

const evidence: Diagnosis = {
  title: 'Cluster #3 · reset password',
  rows: 40,
  failures: 30,
  summary: [{ text: 'Cluster #3: 40 requests; 30 failed.' }],
  causes: [{ text: 'On model model-a these requests fail 90% of the time.' }],
  fix: [],
  verification: [{ text: 'Watch the failure rate of cluster #3.' }],
  model: null
}

describe('checkEndpoint', () => {
  it('accepts loopback addresses only, without credentials', () => {
    expect(checkEndpoint('http://127.0.0.1:8080/v1/')).toBe('http://127.0.0.1:8080/v1')
    expect(checkEndpoint('http://localhost:11434/v1')).toBe('http://localhost:11434/v1')
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('127.9.9.9')).toBe(true)
    expect(() => checkEndpoint('http://10.0.0.5:8080/v1')).toThrow(/on this machine/)
    expect(() => checkEndpoint('https://api.example.com/v1')).toThrow(/on this machine/)
    expect(() => checkEndpoint('http://user:pw@127.0.0.1/v1')).toThrow(/credentials/)
    expect(() => checkEndpoint('file:///etc/passwd')).toThrow(/http/)
    expect(() => checkEndpoint('not a url')).toThrow(/not a URL/)
  })
})

describe('parseHeadings', () => {
  it('splits an answer into the four headings in their usual spellings', () => {
    const text = '## Summary\nA family of password resets.\n**Causes:** model-a fails.\nFix: route to model-b.\nFix the prompt too.\nVerification:\nwatch cluster 3'
    expect(parseHeadings(text)).toEqual({ summary: 'A family of password resets.', causes: 'model-a fails.', fix: 'route to model-b.\nFix the prompt too.', verification: 'watch cluster 3' })
    expect(parseHeadings('no headings at all').summary).toBe('no headings at all')
  })
})

describe('askModel against a local OpenAI-compatible server', () => {
  let server: http.Server
  let base = ''
  const received: { url?: string; body?: { model: string; messages: { role: string; content: string }[] } }[] = []
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = ''
      req.on('data', (c) => (data += c))
      req.on('end', () => {
        received.push({ url: req.url, body: JSON.parse(data) })
        if (req.url === '/bad/chat/completions') {
          res.writeHead(500).end('boom')
          return
        }
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Summary: resets fail.\nCauses: model-a.\nFix: use model-b.\nVerification: watch #3.' } }] }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('sends the evidence (and nothing else) and reads the four headings back', async () => {
    const out = await askModel({ endpoint: `${base}/v1`, model: 'tiny' }, evidence)
    expect(out).toEqual({ summary: 'resets fail.', causes: 'model-a.', fix: 'use model-b.', verification: 'watch #3.' })
    const last = received[received.length - 1]
    expect(last.url).toBe('/v1/chat/completions')
    expect(last.body?.model).toBe('tiny')
    expect(last.body?.messages[1].content).toBe(evidenceText(evidence))
    expect(last.body?.messages[1].content).toContain('On model model-a these requests fail 90% of the time.')
  })

  it('says what went wrong when the server fails or is not set', async () => {
    await expect(askModel({ endpoint: `${base}/bad`, model: 'tiny' }, evidence)).rejects.toThrow(/HTTP 500/)
    await expect(askModel({ endpoint: null, model: 'tiny' }, evidence)).rejects.toThrow(/no local model/)
  })
})
