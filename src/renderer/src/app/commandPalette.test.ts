import { describe, expect, it } from 'vitest'
import { isPaletteShortcut, matchScore, rankCommands, wordPrefixMatch, type PaletteCommand } from './commandPalette'

const key = (over: Partial<Parameters<typeof isPaletteShortcut>[0]>) => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over })
const cmd = (id: string, label: string, section = 'Investigate', keywords?: string): PaletteCommand => ({ id, label, section, keywords, run: () => undefined })

describe('isPaletteShortcut', () => {
  it('opens on Ctrl+K, Cmd+K and Ctrl+Shift+P only', () => {
    expect(isPaletteShortcut(key({ ctrlKey: true, key: 'k', code: 'KeyK' }))).toBe(true)
    expect(isPaletteShortcut(key({ metaKey: true, key: 'k', code: 'KeyK' }))).toBe(true)
    expect(isPaletteShortcut(key({ ctrlKey: true, shiftKey: true, key: 'P', code: 'KeyP' }))).toBe(true)
    expect(isPaletteShortcut(key({ key: 'k', code: 'KeyK' }))).toBe(false)
    expect(isPaletteShortcut(key({ altKey: true, key: 'k', code: 'KeyK' }))).toBe(false)
    expect(isPaletteShortcut(key({ ctrlKey: true, altKey: true, key: 'k', code: 'KeyK' }))).toBe(false)
    expect(isPaletteShortcut(key({ ctrlKey: true, key: 'p', code: 'KeyP' }))).toBe(false)
  })
})

describe('matchScore', () => {
  it('is null unless every character appears in order', () => {
    expect(matchScore('tri', 'Triage')).not.toBeNull()
    expect(matchScore('tgi', 'Triage')).toBeNull()
    expect(matchScore('zz', 'Triage')).toBeNull()
  })

  it('scores a prefix above a scattered match, and a word start above a mid-word one', () => {
    expect(matchScore('cost', 'Costs')!).toBeGreaterThan(matchScore('cost', 'Compare stats')!)
    expect(matchScore('dr', 'Drift')!).toBeGreaterThan(matchScore('dr', 'Explorer drawer')!)
    expect(matchScore('ex', 'Explorer')!).toBeGreaterThan(matchScore('ex', 'Index')!)
  })

  it('an empty query matches everything with score 0', () => {
    expect(matchScore('  ', 'Anything')).toBe(0)
  })
})

describe('wordPrefixMatch', () => {
  it('needs every query word to start a word of the text', () => {
    expect(wordPrefixMatch('mon sp', 'money spend budget')).toBe(true)
    expect(wordPrefixMatch('oney', 'money spend budget')).toBe(false)
    expect(wordPrefixMatch('', 'money')).toBe(false)
  })
})

describe('rankCommands', () => {
  const cmds = [cmd('overview', 'Overview', 'Monitor'), cmd('costs', 'Costs', 'Decide', 'money spend budget'), cmd('routing', 'Routing', 'Decide'), cmd('theme', 'Switch theme', 'Action', 'dark light')]

  it('lists all commands in order for an empty query', () => {
    expect(rankCommands('', cmds).map((c) => c.id)).toEqual(['overview', 'costs', 'routing', 'theme'])
  })

  it('ranks label matches first and finds commands by keyword', () => {
    expect(rankCommands('co', cmds)[0].id).toBe('costs')
    expect(rankCommands('money', cmds).map((c) => c.id)).toEqual(['costs'])
    expect(rankCommands('dark', cmds).map((c) => c.id)).toEqual(['theme'])
  })

  it('finds a command by its section', () => {
    expect(rankCommands('decide', cmds).map((c) => c.id)).toEqual(['costs', 'routing'])
  })

  it('matches keywords by word prefix only, after label matches', () => {
    const more = [...cmds, cmd('data', 'Data', 'Data', 'open telemetry files and check their integrity')]
    // "co" is in order inside "check ... integrity" but starts no keyword: only the labels starting with it match
    expect(rankCommands('co', more).map((c) => c.id)).toEqual(['costs'])
    expect(rankCommands('integ', more).map((c) => c.id)).toEqual(['data'])
  })

  it('returns nothing when nothing matches', () => {
    expect(rankCommands('qqq', cmds)).toEqual([])
  })
})
