/** IP_ADDRESS: dotted-quad IPv4 (octets 0-255, no leading zeros) and RFC 4291 IPv6, but not version strings, section numbers or OIDs. */
import { before, type Candidate, charAfter, hasWord } from '../candidate'
import { isIPv6, parseIPv4 } from '../validators'

/** RE2 fragments (case-insensitive): four dotted numbers (inside the digit-run fragment) and two colons among hex digits. */
export const IP_PREFILTER = ['[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}', '[0-9a-f]{0,4}:[0-9a-f]{0,4}:']

const IPV4 = /(?<![\p{L}\p{N}_.\-])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/gu
const IPV6 = /(?<![\p{L}\p{N}_:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}/gu
const IP_WORDS = ['ip', 'ips', 'ipv4', 'ipv6', 'address', 'addr', 'host', 'server', 'client', 'from', 'connect', 'connected', 'connecting', 'ping', 'firewall', 'proxy', 'dns', 'gateway', 'subnet', 'router', 'vpn', 'remote', 'source', 'src', 'dst', 'origin', 'login', 'logged', 'whitelist', 'allowlist', 'blocked']
/** Words after which four dotted numbers are a version, a section or a build, not an address. */
const VERSION_WORDS = ['v', 'version', 'versions', 'ver', 'release', 'rel', 'build', 'rev', 'revision', 'section', 'sections', 'chapter', 'clause', 'article', 'art', 'paragraph', 'para', 'figure', 'fig', 'table', 'step', 'item', 'oid', 'firmware', 'fw', 'update', 'upgrade', 'upgraded', 'patch', 'kernel', 'driver', 'sdk', 'api', 'node', 'python', 'java', 'chrome', 'ios', 'android', 'windows', 'macos']

export function detectIpAddresses(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const m of text.matchAll(IPV4)) {
    const start = m.index
    const end = start + m[0].length
    const a = charAfter(text, end)
    if (/[\p{L}\p{N}_]/u.test(a) || ((a === '.' || a === '-') && /[\p{L}\p{N}]/u.test(charAfter(text, end + 1)))) continue
    const octets = parseIPv4(m[0])
    if (!octets) continue
    const prev = before(text, start, 24)
    if (/v$/.test(prev) || /§\s*$/.test(prev)) continue
    const lastWords = prev.split(/[^a-z0-9]+/).filter(Boolean).slice(-2)
    if (lastWords.some((w) => VERSION_WORDS.includes(w))) continue
    const context = hasWord(before(text, start, 40), IP_WORDS)
    // 1.2.3.4-like quads of single digits read as numbering more often than as addresses
    const base = octets.every((o) => o < 10) ? 0.45 : 0.8
    out.push({ entity_type: 'IP_ADDRESS', start, end, rule: 'ipv4', score: Math.min(0.95, context ? base + 0.15 : base) })
  }
  for (const m of text.matchAll(IPV6)) {
    let s = m[0]
    const start = m.index
    if (/[\p{L}\p{N}_]/u.test(charAfter(text, start + s.length))) continue
    // sentence punctuation after the address
    if (s.endsWith('.') && !/\.\d{1,3}$/.test(s)) s = s.slice(0, -1)
    if (!/\d/.test(s) || !isIPv6(s)) continue
    // a clock time (10:30:00) has no ::, no hex letter and three groups or fewer
    if (!s.includes('::') && !/[a-f]/i.test(s) && s.split(':').length <= 3) continue
    out.push({ entity_type: 'IP_ADDRESS', start, end: start + s.length, rule: 'ipv6', score: hasWord(before(text, start, 40), IP_WORDS) ? 0.95 : 0.85 })
  }
  return out
}
