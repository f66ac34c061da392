/** EMAIL_ADDRESS: local@domain.tld (letters of any script), rejecting file names such as icon@2x.png and scp-style git remotes. */
import type { Candidate } from '../candidate'

/** RE2 fragment (case-insensitive) that every e-mail address contains: the SQL prefilter. */
export const EMAIL_PREFILTER = ['@']

/** The domain, read from just after the `@` (sticky): labels, then a TLD of letters, not followed by more of a name. */
const DOMAIN = /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,24})(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/uy
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u
const LOCAL_EDGE = /[\p{L}\p{N}]/u
const LOCAL_END = /[\p{L}\p{N}_%+-]/u

/** Extensions that make `name@2x.png` a file, not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'pdf', 'js', 'mjs', 'ts', 'tsx', 'jsx', 'css', 'html', 'htm', 'json', 'yaml', 'yml', 'md', 'txt', 'csv', 'zip', 'gz', 'tgz', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'swift', 'lock', 'toml', 'xml', 'map', 'wasm', 'mp3', 'mp4', 'mov', 'avi', 'wav', 'woff', 'woff2', 'ttf', 'otf', 'exe', 'dll', 'so', 'dmg', 'apk', 'jar', 'log'])

/** Start of the local part ending just before `at`, or -1 when there is none (anchored on the `@`, so the scan is linear). */
function localStart(text: string, at: number): number {
  let i = at
  // a local part is at most 64 characters; one character more means it runs into other text
  while (i > 0 && at - i < 65 && LOCAL_CHAR.test(text[i - 1])) i--
  if (i > 0 && LOCAL_CHAR.test(text[i - 1])) return -1
  // it starts with a letter or digit: leading dots and signs are punctuation
  while (i < at && !LOCAL_EDGE.test(text[i])) i++
  if (i === at || !LOCAL_END.test(text[at - 1])) return -1
  return i
}

export function detectEmails(text: string): Candidate[] {
  const out: Candidate[] = []
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const start = localStart(text, at)
    if (start < 0) continue
    DOMAIN.lastIndex = at + 1
    const m = DOMAIN.exec(text)
    if (!m) continue
    const end = at + 1 + m[0].length
    const local = text.slice(start, at)
    if (FILE_TLDS.has(m[1].toLowerCase()) || local.includes('..')) continue
    // scheme://user:password@host: the password is a secret, the host is not an address
    if (/:\/\/[^\s/@]*:$/.test(text.slice(Math.max(0, start - 80), start))) continue
    // git@github.com:org/repo.git is a remote, not a person's address
    if (text[end] === ':' && /^[\w.-]+\/[\w.-]+/.test(text.slice(end + 1))) continue
    out.push({ entity_type: 'EMAIL_ADDRESS', start, end, rule: 'email_address', score: 0.95 })
  }
  return out
}
