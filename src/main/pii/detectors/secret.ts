/**
 * SECRET: API keys and access tokens in the formats their providers issue (OpenAI, Anthropic, AWS
 * access key ids, GitHub, Slack, Stripe, Google), JWTs, bearer tokens, private key blocks, passwords
 * in URLs and credential assignments (`api_key = ...`). Placeholders (YOUR_API_KEY, xxxx, <token>),
 * UUIDs and bare hashes are not secrets.
 */
import type { Candidate } from '../candidate'
import { shannonEntropy } from '../validators'

/** RE2 fragments (case-insensitive) one of which every secret contains: the SQL prefilter. */
export const SECRET_PREFILTER = [
  'sk-', '[sr]k_(live|test)_', 'whsec_', 'akia', 'asia', 'gh[pousr]_', 'github_pat_', 'xox[abposr]-', 'hooks[.]slack[.]com', 'aiza', 'ya29[.]', 'gocspx-',
  'eyj', 'bearer', '-----begin', '://[^ /@]+:[^ /@]+@',
  // a credential word followed by an assignment (password: x, api_key=x, token is x)
  '(pass|pwd|secret|token|key)[a-z_-]*["\']?\\s*(:|=|is\\b)'
]

interface Pattern {
  rule: string
  re: RegExp
  score: number
  /** index of the capture group holding the secret (0 = the whole match) */
  group?: number
  /** extra check on the secret */
  check?: (s: string) => boolean
}

/** Mixed letters and digits, not a run of one character, entropy above that of a word. */
function randomLooking(s: string, minEntropy = 3): boolean {
  return /[A-Za-z]/.test(s) && /\d/.test(s) && shannonEntropy(s) >= minEntropy
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HEX = /^[0-9a-f]+$/i
const PLACEHOLDER = /^(?:<.*>|\$\{.*\}|\{\{.*\}\}|%[a-z_]+%|x+|\*+|\.+|your[_-]?.*|my[_-]?.*|example.*|changeme|placeholder|redacted|none|null|undefined|true|false|secret|password|\[redacted\]|\(redacted\))$/i

const PATTERNS: Pattern[] = [
  { rule: 'private_key_block', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----)?/g, score: 0.99 },
  { rule: 'anthropic_api_key', re: /(?<![\w-])sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{20,}/g, score: 0.99 },
  { rule: 'openai_api_key', re: /(?<![\w-])sk-(?:proj-|svcacct-|admin-|None-)?(?!ant-)[A-Za-z0-9_-]{20,}/g, score: 0.95, check: (s) => randomLooking(s.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, ''), 3.5) },
  { rule: 'aws_access_key_id', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, score: 0.95 },
  { rule: 'aws_secret_access_key', re: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi, group: 1, score: 0.95 },
  { rule: 'github_token', re: /(?<![\w])gh[pousr]_[A-Za-z0-9]{36,255}(?![\w])/g, score: 0.99 },
  { rule: 'github_fine_grained_pat', re: /(?<![\w])github_pat_[A-Za-z0-9_]{22,255}(?![\w])/g, score: 0.99 },
  { rule: 'slack_token', re: /(?<![\w])xox[abposr]-(?:[0-9A-Za-z]+-){1,4}[0-9A-Za-z]{6,}(?![\w-])/g, score: 0.95 },
  { rule: 'slack_webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/g, score: 0.95 },
  { rule: 'stripe_secret_key', re: /(?<![\w])[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}(?![\w])/g, score: 0.95 },
  { rule: 'stripe_webhook_secret', re: /(?<![\w])whsec_[A-Za-z0-9]{24,}(?![\w])/g, score: 0.95 },
  { rule: 'google_api_key', re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g, score: 0.95 },
  { rule: 'google_oauth_token', re: /(?<![\w])ya29\.[0-9A-Za-z_-]{20,}(?![\w-])/g, score: 0.9 },
  { rule: 'google_client_secret', re: /(?<![\w])GOCSPX-[0-9A-Za-z_-]{24,}(?![\w-])/g, score: 0.95 },
  { rule: 'jwt', re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![\w-])/g, score: 0.9 },
  {
    rule: 'bearer_token',
    re: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{16,}=*)(?![\w.~+/-])/dg,
    group: 1,
    score: 0.85,
    check: (s) => !UUID.test(s) && !PLACEHOLDER.test(s) && shannonEntropy(s) >= 3 && /\d/.test(s)
  },
  { rule: 'url_credentials', re: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/@]{1,64}:([^\s/@]{3,128})@[\w.-]+/dgi, group: 1, score: 0.85, check: (s) => !PLACEHOLDER.test(s) },
  {
    rule: 'credential_assignment',
    re: /\b(?:password|passwd|pwd|pass|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?key|private[_-]?key|token)["']?\s*(?:[:=]|=>|\bis\b)\s*["']?([^\s"',;<>(){}[\]]{8,200})/dgi,
    group: 1,
    score: 0.75,
    check: (s) => !PLACEHOLDER.test(s) && !UUID.test(s) && !(HEX.test(s) && s.length >= 32) && randomLooking(s, 2.8) && !/^[a-z_][\w.]*\(/i.test(s)
  }
]

export function detectSecrets(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const value = m[p.group ?? 0]
      if (value === undefined || (p.check && !p.check(value))) continue
      const start = p.group ? (m.indices?.[p.group]?.[0] ?? m.index) : m.index
      out.push({ entity_type: 'SECRET', start, end: start + value.length, rule: p.rule, score: p.score })
    }
  }
  return out
}
