/**
 * The optional local model of the diagnosis: an OpenAI-compatible chat endpoint on this machine
 * (loopback addresses only) that rewrites the evidence under the four headings. Off unless the
 * operator sets an endpoint; only the evidence sentences are sent, never request texts.
 */
import type { Diagnosis, DiagnosisModelSettings } from '../../shared/clusters'
import { ApiError } from '../backend/errors'

/** How long the model may take before the card shows the evidence alone. */
export const MODEL_TIMEOUT_MS = 60_000

type Heading = 'summary' | 'causes' | 'fix' | 'verification'

/** True for hosts that reach this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

/** Validates an endpoint: http(s), a loopback host, no credentials in the URL (user, password, query or fragment). Returns it without a trailing slash. */
export function checkEndpoint(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new ApiError('invalid_request', `not a URL: ${endpoint.slice(0, 200)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid_request', 'the model endpoint must be http:// or https://')
  if (!isLoopbackHost(url.hostname)) throw new ApiError('invalid_request', `the model endpoint must be on this machine (localhost, 127.0.0.1 or ::1), not ${url.hostname}: nothing leaves the machine`)
  if (url.username || url.password) throw new ApiError('invalid_request', 'the model endpoint must not carry credentials')
  // a key in the query string would be saved with the endpoint in the workspace: keys go in the API key field
  if (url.search || url.hash) throw new ApiError('invalid_request', 'the model endpoint must not carry a query string or fragment (an API key goes in the API key field)')
  return url.toString().replace(/\/+$/, '')
}

/** The evidence as plain text, one heading per section: what the model is given. */
export function evidenceText(d: Diagnosis): string {
  const section = (name: string, list: Diagnosis['summary']): string => `${name}:\n${list.length ? list.map((s) => `- ${s.text}`).join('\n') : '- (no evidence)'}`
  return [`Subject: ${d.title}`, section('Summary', d.summary), section('Causes', d.causes), section('Fix', d.fix), section('Verification', d.verification)].join('\n\n')
}

/** Splits a model answer into the four headings: a line "Summary:" (or "## Causes", "**Fix:**", ...) starts a section; text before any heading counts as the summary. */
export function parseHeadings(text: string): { summary: string; causes: string; fix: string; verification: string } {
  const parts: Record<Heading, string[]> = { summary: [], causes: [], fix: [], verification: [] }
  let current: Heading = 'summary'
  const heading = /^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(summary|causes?|fix(?:es)?|verification)\s*(?:\*\*)?\s*(:)?\s*(?:\*\*)?\s*(.*)$/i
  for (const line of text.split(/\r?\n/)) {
    const m = heading.exec(line)
    // a heading is the word alone on its line, or the word followed by a colon
    if (m && (m[2] === ':' || m[3].trim() === '')) {
      const w = m[1].toLowerCase()
      current = w.startsWith('sum') ? 'summary' : w.startsWith('cause') ? 'causes' : w.startsWith('fix') ? 'fix' : 'verification'
      if (m[3].trim()) parts[current].push(m[3].trim())
    } else parts[current].push(line)
  }
  const join = (k: Heading): string => parts[k].join('\n').trim()
  return { summary: join('summary'), causes: join('causes'), fix: join('fix'), verification: join('verification') }
}

/** Asks the configured model to write the four headings from the evidence (with the API key as a bearer token when one is set); throws an ApiError with the reason when it cannot. */
export async function askModel(settings: Pick<DiagnosisModelSettings, 'endpoint' | 'model'>, d: Diagnosis, apiKey: string | null = null): Promise<{ summary: string; causes: string; fix: string; verification: string }> {
  if (!settings.endpoint) throw new ApiError('invalid_request', 'no local model endpoint is set')
  const base = checkEndpoint(settings.endpoint)
  const body = {
    model: settings.model,
    temperature: 0,
    messages: [
      {
        role: 'system',
        content:
          'You help an on-call engineer understand a family of failing LLM requests. Use only the evidence given; do not invent numbers. Answer with exactly four sections headed "Summary:", "Causes:", "Fix:" and "Verification:", a few short sentences each.'
      },
      { role: 'user', content: evidenceText(d) }
    ]
  }
  let res: Response
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) }
    res = await fetch(`${base}/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(MODEL_TIMEOUT_MS) })
  } catch (err) {
    throw new ApiError('internal', `the local model at ${base} did not answer: ${(err as Error).message}`)
  }
  if (!res.ok) throw new ApiError('internal', `the local model at ${base} answered HTTP ${res.status}`)
  let json: unknown
  try {
    json = await res.json()
  } catch {
    throw new ApiError('internal', `the local model at ${base} did not answer JSON`)
  }
  const content = (json as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content
  if (typeof content !== 'string' || !content.trim()) throw new ApiError('internal', `the local model at ${base} answered without text (expected choices[0].message.content)`)
  return parseHeadings(content)
}
