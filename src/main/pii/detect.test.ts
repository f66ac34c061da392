import { describe, expect, it } from 'vitest'
import { FORMATS, lookalike, sentence, type PlantedValue } from '../../../scripts/piiPlant'
import { generateDataset, Rng, type TableSinks } from '../../../scripts/generateData'
import type { PiiEntityType } from '../../shared/pii'
import { codePointOffsets, detectText, PREFILTER_PATTERN, SQL_PREFILTER } from './detect'

const fullPrefilter = new RegExp(PREFILTER_PATTERN, 'i')
const sqlPrefilter = new RegExp(SQL_PREFILTER.pattern, 'i')
const prefilter = { test: (s: string): boolean => fullPrefilter.test(s) && (SQL_PREFILTER.contains.some((c) => s.includes(c)) || sqlPrefilter.test(s)) }
const cp = (s: string): string[] => [...s]

describe('detectText', () => {
  it('finds every planted value of every type and format, exactly, in requests and responses (500 random sentences each)', () => {
    const rng = new Rng(20250201)
    for (const type of Object.keys(FORMATS) as PiiEntityType[]) {
      for (const [format, synth] of Object.entries(FORMATS[type])) {
        for (let i = 0; i < 500; i++) {
          const v: PlantedValue = { entity_type: type, format, value: synth(rng) }
          const field = i % 2 ? 'request_text' : 'response_text_snippet'
          const s = sentence(rng, field, v)
          const hits = detectText(s.text)
          const label = `${type}/${format}: ${s.text}`
          expect(hits.map((h) => h.entity_type), label).toEqual([type])
          const [start, end] = codePointOffsets(s.text, [hits[0].start, hits[0].end])
          expect([start, end], label).toEqual([s.start, s.end])
          expect(prefilter.test(s.text), label).toBe(true)
        }
      }
    }
  })

  it('finds nothing in look-alikes (1,000 random ones)', () => {
    const rng = new Rng(7)
    for (let i = 0; i < 1000; i++) {
      const text = lookalike(rng)
      expect(detectText(text), text).toEqual([])
    }
  })

  it('finds nothing in the generator’s own texts (default output: no PII planted)', () => {
    const texts: string[] = []
    const sink = { write: (c: string) => texts.push(c), end: () => undefined }
    const none = { write: () => undefined, end: () => undefined }
    const sinks: TableSinks = { interactions: sink, sessions: none, users: none, prompts: none, samples: none }
    generateDataset({ rows: 20000, seed: 5 }, sinks)
    const all = texts.join('')
    const found = detectText(all).map((h) => `${h.entity_type}:${all.slice(h.start, h.end)}`)
    expect(found).toEqual([])
  })

  it('resolves overlaps: one finding per character, the higher score winning', () => {
    // the password of a URL is a secret; the host is not an e-mail address
    const hits = detectText('postgres://admin:S3cr3tPa55@db.example.com/app')
    expect(hits.map((h) => h.entity_type)).toEqual(['SECRET'])
    // an IBAN's digits are not also a phone or a card
    expect(detectText('IBAN DE89 3704 0044 0532 0130 00').map((h) => h.entity_type)).toEqual(['IBAN_CODE'])
    // two findings in one text, in text order
    expect(detectText('mail a@b.com or call +44 20 7946 0958').map((h) => h.entity_type)).toEqual(['EMAIL_ADDRESS', 'PHONE_NUMBER'])
  })

  it('returns nothing for empty and null text', () => {
    expect(detectText('')).toEqual([])
    expect(detectText(null)).toEqual([])
  })
})

describe('codePointOffsets', () => {
  it('counts a character outside the BMP once (an emoji before the finding)', () => {
    const text = 'Hi 👋 mail me: jane@example.com'
    const [h] = detectText(text)
    // UTF-16: the emoji is two units, so the e-mail starts at 15; as code points it starts at 14
    expect(h.start).toBe(15)
    const [start, end] = codePointOffsets(text, [h.start, h.end])
    expect([start, end]).toEqual([14, 30])
    expect(cp(text).slice(start, end).join('')).toBe('jane@example.com')
  })
  it('is the identity on text without surrogate pairs (accents and CJK are one unit each)', () => {
    const text = 'Grüße こんにちは a@b.co'
    const [h] = detectText(text)
    expect(codePointOffsets(text, [h.start, h.end])).toEqual([h.start, h.end])
  })
})
