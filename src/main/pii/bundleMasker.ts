/** The PII scan's implementation of the bundles' masking function (workspace/textMasking.ts): only the findings in a text column are replaced, by the operator's mask mode. */
import type { TextMasker } from '../workspace/textMasking'
import type { MaskOptions } from './mask'
import { maskTableCopy } from './maskTable'

let seq = 0

/** A bundle masker that reads the current mask options (mode and pseudonym key) each time it runs. */
export function createPiiTextMasker(options: () => MaskOptions): TextMasker {
  return {
    kind: 'pii',
    description: 'Masking replaces each e-mail address, phone number, card, IBAN, IP address and secret found in a masked column (the Privacy page’s mode: type tags, keyed pseudonyms or cards’ last four); the rest of the text stays.',
    async prepare(engine, req) {
      const mask = options()
      const relation = `bundle_pii_masked_${++seq}`
      await maskTableCopy(engine, { source: req.table, target: relation, columns: req.columns, mask, signal: req.signal, onProgress: req.onProgress ? (_p, f) => req.onProgress!(f) : undefined })
      return {
        relation,
        methods: Object.fromEntries(req.columns.map((c) => [c, `pii_${mask.mode}`])),
        dispose: () => engine.run(`DROP TABLE IF EXISTS "${relation}"`)
      }
    }
  }
}
