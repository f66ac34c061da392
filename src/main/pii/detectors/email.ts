/** EMAIL_ADDRESS: local@domain.tld (letters of any script), rejecting file names such as icon@2x.png and scp-style git remotes. */
import type { Candidate } from '../candidate'

/** RE2 fragment (case-insensitive) that every e-mail address contains: the SQL prefilter. */
export const EMAIL_PREFILTER = ['@']

const EMAIL = /(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}](?:[\p{L}\p{N}._%+-]{0,62}[\p{L}\p{N}_%+-])?)@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,24}))(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/gu

/** Extensions that make `name@2x.png` a file, not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'pdf', 'js', 'mjs', 'ts', 'tsx', 'jsx', 'css', 'html', 'htm', 'json', 'yaml', 'yml', 'md', 'txt', 'csv', 'zip', 'gz', 'tgz', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'swift', 'lock', 'toml', 'xml', 'map', 'wasm', 'mp3', 'mp4', 'mov', 'avi', 'wav', 'woff', 'woff2', 'ttf', 'otf', 'exe', 'dll', 'so', 'dmg', 'apk', 'jar', 'log'])

export function detectEmails(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const m of text.matchAll(EMAIL)) {
    const start = m.index
    const end = start + m[0].length
    const local = m[1]
    const tld = m[3].toLowerCase()
    if (FILE_TLDS.has(tld)) continue
    if (local.includes('..')) continue
    // scheme://user:password@host: the password is a secret, the host is not an address
    if (/:\/\/[^\s/@]*:$/.test(text.slice(Math.max(0, start - 80), start))) continue
    // git@github.com:org/repo.git is a remote, not a person's address
    if (text[end] === ':' && /^[\w.-]+\/[\w.-]+/.test(text.slice(end + 1))) continue
    out.push({ entity_type: 'EMAIL_ADDRESS', start, end, rule: 'email_address', score: 0.95 })
  }
  return out
}
