/**
 * Planted PII for the generator (opt-in; the default output is unchanged): random but valid values of
 * every entity type in several formats (Luhn-valid cards of each network, IBANs with computed check
 * digits, e-mail addresses, international and national phones, IPv4 and IPv6, provider keys), written
 * into requests and responses in sentences, plus look-alikes that must not be found (UUIDs, commit
 * hashes, order and ticket numbers, Luhn-failing card numbers, timestamps, prices, versions). Every
 * planted value is recorded with its field and code point span: the truth a scan is checked against.
 */
import type { PiiEntityType } from '../src/shared/pii'
import { hash32, Rng } from './generateData'

export interface PlantedValue {
  entity_type: PiiEntityType
  /** which of the type's formats (e.g. `visa_spaced`, `intl_uk`) */
  format: string
  value: string
}

export interface PlantTruth extends PlantedValue {
  interaction_id: string
  field: 'request_text' | 'response_text_snippet'
  /** Unicode code point offsets into the field's text (end exclusive) */
  start: number
  end: number
}

/** What the generator hands the hook for one row, and what the hook returns. */
export interface TextHookInput {
  row: number
  interactionId: string
  request: string
  response: string
}

export interface PlantOptions {
  /** share of rows whose request gets a planted value */
  requestRate: number
  /** share of rows whose response gets a planted value (a leak) */
  responseRate: number
  /** share of rows that get a look-alike */
  lookalikeRate: number
}

export const DEFAULT_PLANT_OPTIONS: PlantOptions = { requestRate: 0.02, responseRate: 0.01, lookalikeRate: 0.03 }

// ---------------------------------------------------------------------------------------------
// Value synthesizers
// ---------------------------------------------------------------------------------------------

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join('')
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const chars = (rng: Rng, alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[rng.int(alphabet.length)]).join('')
/** A random token with at least one digit and one letter of each case (what real keys look like). */
function token(rng: Rng, alphabet: string, n: number): string {
  let t = ''
  do t = chars(rng, alphabet, n)
  while (!/\d/.test(t) || !/[A-Z]/.test(t) || (/[a-z]/.test(alphabet) && !/[a-z]/.test(t)))
  return t
}

/** Appends the Luhn check digit to a digit string. */
export function withLuhnDigit(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return body + String((10 - (sum % 10)) % 10)
}

/** The IBAN of a country and BBAN, with its check digits computed (ISO 13616). */
export function ibanFor(country: string, bban: string): string {
  const rearranged = bban + country + '00'
  let rem = 0
  for (const ch of rearranged) {
    const v = /[A-Z]/.test(ch) ? ch.charCodeAt(0) - 55 : Number(ch)
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97
  }
  return country + String(98 - rem).padStart(2, '0') + bban
}

const groups4 = (s: string, sep = ' '): string => s.replace(/(.{4})(?=.)/g, `$1${sep}`)

const FIRST = ['jane', 'john', 'maria', 'li', 'ahmed', 'olga', 'pierre', 'sofia', 'kenji', 'amara', 'lukas', 'priya']
const LAST = ['doe', 'smith', 'garcia', 'wang', 'hassan', 'ivanova', 'dubois', 'rossi', 'tanaka', 'okafor', 'muller', 'sharma']
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'example.co.uk', 'uni.example.edu', 'example.io']

type Synth = (rng: Rng) => string

/** Every (type, format) the planter writes. */
export const FORMATS: Record<PiiEntityType, Record<string, Synth>> = {
  EMAIL_ADDRESS: {
    plain: (r) => `${pick(r, FIRST)}.${pick(r, LAST)}@${pick(r, DOMAINS)}`,
    plus_tag: (r) => `${pick(r, FIRST)}+${pick(r, ['billing', 'news', 'work'])}${r.int(100)}@${pick(r, DOMAINS)}`,
    upper: (r) => `${pick(r, FIRST).toUpperCase()}_${pick(r, LAST).toUpperCase()}@${pick(r, DOMAINS).toUpperCase()}`,
    unicode: (r) => `${pick(r, ['josé', 'zoë', 'jürgen', 'françois'])}.${pick(r, LAST)}@${pick(r, DOMAINS)}`
  },
  PHONE_NUMBER: {
    intl_us: (r) => `+1 ${2 + r.int(8)}${digits(r, 2)}-555-${digits(r, 4)}`,
    nanp_parens: (r) => `(${2 + r.int(8)}${digits(r, 2)}) 555-${digits(r, 4)}`,
    nanp_dots: (r) => `${2 + r.int(8)}${digits(r, 2)}.555.${digits(r, 4)}`,
    intl_uk: (r) => `+44 20 ${digits(r, 4)} ${digits(r, 4)}`,
    uk_national: (r) => `020 ${digits(r, 4)} ${digits(r, 4)}`,
    intl_de: (r) => `+49 30 ${digits(r, 8)}`,
    intl_fr: (r) => `+33 ${1 + r.int(9)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    intl_in: (r) => `+91 9${digits(r, 4)} ${digits(r, 5)}`,
    nanp_extension: (r) => `${2 + r.int(8)}${digits(r, 2)}-555-${digits(r, 4)} x${1 + r.int(999)}`,
    intl_00_prefix: (r) => `0044 20 ${digits(r, 4)} ${digits(r, 4)}`
  },
  CREDIT_CARD: {
    visa_spaced: (r) => groups4(withLuhnDigit('4' + digits(r, 14))),
    mastercard_dashed: (r) => groups4(withLuhnDigit(String(51 + r.int(5)) + digits(r, 13)), '-'),
    amex_spaced: (r) => {
      const n = withLuhnDigit(pick(r, ['34', '37']) + digits(r, 12))
      return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`
    },
    discover_plain: (r) => withLuhnDigit('6011' + digits(r, 11))
  },
  IBAN_CODE: {
    de_spaced: (r) => groups4(ibanFor('DE', digits(r, 18))),
    gb_plain: (r) => ibanFor('GB', pick(r, ['WEST', 'NWBK', 'BARC']) + digits(r, 14)),
    fr_spaced: (r) => groups4(ibanFor('FR', digits(r, 10) + chars(r, UPPER_NUM, 11) + digits(r, 2))),
    nl_plain: (r) => ibanFor('NL', pick(r, ['ABNA', 'INGB', 'RABO']) + digits(r, 10))
  },
  IP_ADDRESS: {
    ipv4_public: (r) => `${pick(r, [23, 45, 81, 104, 151, 185, 203])}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`,
    ipv4_private: (r) => pick(r, [`10.${r.int(256)}`, '192.168', '172.16']) + `.${r.int(256)}.${1 + r.int(254)}`,
    ipv6_full: () => '',
    ipv6_compressed: (r) => `2001:db8:${r.int(65536).toString(16)}::${(1 + r.int(65535)).toString(16)}`
  },
  SECRET: {
    openai: (r) => `sk-proj-${token(r, ALNUM, 40)}`,
    anthropic: (r) => `sk-ant-api03-${token(r, ALNUM, 60)}`,
    aws_access_key_id: (r) => `AKIA${token(r, UPPER_NUM, 16).toUpperCase()}`,
    github: (r) => `ghp_${token(r, ALNUM, 36)}`,
    slack: (r) => `xoxb-${digits(r, 12)}-${digits(r, 13)}-${token(r, ALNUM, 24)}`,
    stripe: (r) => `sk_live_${token(r, ALNUM, 24)}`,
    google: (r) => `AIza${token(r, ALNUM, 35)}`
  },
  US_SSN: {
    dashed: (r) => `${String(101 + r.int(565))}-${String(10 + r.int(89))}-${String(1000 + r.int(8999))}`
  }
}
FORMATS.IP_ADDRESS.ipv6_full = (r) => Array.from({ length: 8 }, () => (r.int(65535) + 1).toString(16).padStart(4, '0')).join(':')

/** Sentences that carry a value in a request, per type (`{v}` is the value); the words give the detectors their usual context. */
const REQUEST_SENTENCES: Record<PiiEntityType, string[]> = {
  EMAIL_ADDRESS: ['Please send the invoice to {v} instead.', 'My login is {v} and it stopped working.'],
  PHONE_NUMBER: ['You can call me back on {v} after 5pm.', 'Update my phone to {v} please.'],
  CREDIT_CARD: ['Charge my card {v} for the upgrade.', 'The payment with card {v} was declined.'],
  IBAN_CODE: ['Refund it to my IBAN {v} please.', 'Wire the money to {v}.'],
  IP_ADDRESS: ['Our server at {v} keeps rejecting the webhook.', 'Login attempts from {v} are blocked.'],
  SECRET: ['Here is my API key {v}, why does it return 401?', 'I set the token to {v} in the config but it fails.'],
  US_SSN: ['My SSN is {v}, can you verify my identity?']
}
const RESPONSE_SENTENCES: Record<PiiEntityType, string[]> = {
  EMAIL_ADDRESS: ['I have updated the contact address to {v}.', 'The account owner is {v}.'],
  PHONE_NUMBER: ['We will call you at {v} within 24 hours.', 'The customer phone on file is {v}.'],
  CREDIT_CARD: ['The card on file is {v}; it expires next month.', 'I charged card {v} successfully.'],
  IBAN_CODE: ['The refund goes to IBAN {v}.', 'Payouts are sent to {v}.'],
  IP_ADDRESS: ['The failing requests come from {v}.', 'Add {v} to the allow list.'],
  SECRET: ['Use this key: {v} and retry.', 'Your current token is {v}.'],
  US_SSN: ['The SSN on record is {v}.']
}

/** Text that looks like PII to a careless detector and is not: none of these may be found. */
const LOOKALIKES: Synth[] = [
  (r) => `Order #${luhnFailing(r)} is delayed.`,
  (r) => `card ${groups4(luhnFailing(r))} was rejected as invalid`,
  (r) => `request id ${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`,
  (r) => `fixed in commit ${hex(r, 40)}`,
  (r) => `ticket TCK-${2024 + r.int(2)}-${digits(r, 6)} was closed`,
  (r) => `order number ${digits(r, 3)}-${digits(r, 3)}-${digits(r, 4)} shipped`,
  (r) => `at 2025-0${1 + r.int(9)}-1${r.int(10)}T${10 + r.int(10)}:${10 + r.int(50)}:${10 + r.int(50)}Z`,
  (r) => `total $${1 + r.int(9)},${digits(r, 3)}.${digits(r, 2)} incl. tax`,
  (r) => `upgrade to version ${1 + r.int(9)}.${r.int(20)}.${r.int(10)}.${r.int(100)}`,
  (r) => `invoice INV-${digits(r, 8)} paid`,
  (r) => `timestamp ${1700000000 + r.int(99999999)}${digits(r, 3)}`
]
function hex(r: Rng, n: number): string {
  return chars(r, '0123456789abcdef', n)
}
/** A 16-digit Visa-like number whose last digit is one off its Luhn check digit. */
function luhnFailing(r: Rng): string {
  const n = withLuhnDigit('4' + digits(r, 14))
  return n.slice(0, -1) + String((Number(n.slice(-1)) + 1) % 10)
}

// ---------------------------------------------------------------------------------------------
// The hook
// ---------------------------------------------------------------------------------------------

const cpLength = (s: string): number => [...s].length
const TYPES = Object.keys(FORMATS) as PiiEntityType[]
/** Prefixes in other scripts, so offsets are checked past non-ASCII text (code points, not bytes or UTF-16 units). */
const PREFIXES = ['', '', '', 'Grüße! ', 'Привет! ', 'Hi 👋 ', 'Ça va? ']

/** One random planted value: type and format drawn uniformly. */
export function randomValue(rng: Rng, type?: PiiEntityType): PlantedValue {
  const t = type ?? pick(rng, TYPES)
  const formats = Object.keys(FORMATS[t])
  const format = pick(rng, formats)
  return { entity_type: t, format, value: FORMATS[t][format](rng) }
}

/** A sentence carrying `v` and the code point span of `v` in it. */
export function sentence(rng: Rng, field: PlantTruth['field'], v: PlantedValue): { text: string; start: number; end: number } {
  const tpl = pick(rng, (field === 'request_text' ? REQUEST_SENTENCES : RESPONSE_SENTENCES)[v.entity_type])
  const prefix = pick(rng, PREFIXES)
  const [a, b] = tpl.split('{v}')
  const before = prefix + a
  return { text: before + v.value + b, start: cpLength(before), end: cpLength(before) + cpLength(v.value) }
}

/** A look-alike sentence (for tests of "nothing else is found"). */
export function lookalike(rng: Rng): string {
  return pick(rng, LOOKALIKES)(rng)
}

/**
 * A text hook for generateDataset that plants values and look-alikes into a share of rows, and the
 * truths it planted. Draws from its own seeded stream, so the rest of the dataset is what the
 * same seed gives without planting.
 */
export function createPiiPlanter(seed: number, opts: PlantOptions = DEFAULT_PLANT_OPTIONS): { hook: (row: TextHookInput) => { request: string; response: string }; truths: PlantTruth[] } {
  const rng = new Rng(hash32(seed ^ 0x9e1170e1))
  const truths: PlantTruth[] = []
  const hook = (row: TextHookInput): { request: string; response: string } => {
    let { request, response } = row
    if (rng.next() < opts.requestRate) {
      const v = randomValue(rng)
      const s = sentence(rng, 'request_text', v)
      const offset = cpLength(request) + 1
      truths.push({ ...v, interaction_id: row.interactionId, field: 'request_text', start: offset + s.start, end: offset + s.end })
      request = `${request} ${s.text}`
    }
    if (rng.next() < opts.responseRate) {
      const v = randomValue(rng)
      const s = sentence(rng, 'response_text_snippet', v)
      truths.push({ ...v, interaction_id: row.interactionId, field: 'response_text_snippet', start: s.start, end: s.end })
      response = `${s.text} ${response}`
    }
    if (rng.next() < opts.lookalikeRate) {
      if (rng.next() < 0.5) request = `${request} (${lookalike(rng)})`
      else response = `${response} (${lookalike(rng)})`
    }
    return { request, response }
  }
  return { hook, truths }
}
