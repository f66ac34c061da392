import { describe, expect, it } from 'vitest'
import { historyDefinition, historyShort, triageFitDefinition, windowUse } from './windowsText'

describe('window wording (PIPELINE.md section 3)', () => {
  it('dataset_split: history is train alone and val only calibrates, in those words', () => {
    expect(historyDefinition('dataset_split')).toMatch(/^history = train alone .*; val is the calibration window only$/)
    expect(historyDefinition('dataset_split')).not.toMatch(/val\)|train \+ val|calibration rows included/)
    expect(triageFitDefinition('dataset_split')).toMatch(/^train \(history = train/)
    expect(windowUse('dataset_split', 'history')).toMatch(/^train alone/)
    expect(windowUse('dataset_split', 'calibration')).toMatch(/calibration window only/)
    expect(windowUse('dataset_split', 'fit')).toMatch(/= history = train/)
    expect(historyShort('dataset_split')).toBe('history = train')
  })

  it('time split: history includes the calibration rows, and the model is fit on history minus calibration', () => {
    expect(historyDefinition('session_safe_time_split')).toMatch(/calibration rows included.*fit on history minus calibration/)
    expect(triageFitDefinition('session_safe_time_split')).toBe('history minus calibration')
    expect(historyShort('session_safe_time_split')).toMatch(/calibration rows included/)
    expect(windowUse('session_safe_time_split', 'history')).toMatch(/^calibration rows included/)
    expect(windowUse('session_safe_time_split', 'fit')).toMatch(/history minus calibration/)
  })

  it('no windows', () => {
    expect(historyDefinition(null)).toMatch(/no history window/)
  })
})
