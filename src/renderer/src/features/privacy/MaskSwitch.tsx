/** The "Mask PII" switch (on by default): one backend setting that masks text in the Explorer, the drawer, the SQL console and every export; shown on the Explorer and the Privacy page. */
import { useState, type ReactElement } from 'react'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { usePaletteCommands } from '../../app/paletteCommands'

export function MaskSwitch({ compact = false }: { compact?: boolean }): ReactElement {
  const settings = useQuery('getPiiSettings', {})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const on = settings.data?.mask ?? true
  const toggle = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      // the backend tells every window (piiSettingsChanged), which clears cached text
      await call('setPiiSettings', { mask: !on })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  usePaletteCommands([{ id: 'mask-pii', label: on ? 'Show raw text (turn PII masking off)' : 'Mask PII again', section: 'Action', keywords: 'privacy pii mask raw text', run: () => void toggle() }])
  return (
    <span className={`mask-switch${on ? ' mask-switch--on' : ' mask-switch--off'}`}>
      <label className="check check--inline" title="Masks e-mail addresses, phone numbers, cards, IBANs, IP addresses and secrets wherever text leaves the screen: grid, drawer, SQL console, CSV exports, bundles">
        <input type="checkbox" role="switch" checked={on} disabled={busy || !settings.data} onChange={() => void toggle()} data-testid="mask-pii" aria-checked={on} />
        <span>{compact ? 'Mask PII' : on ? 'Mask PII (on)' : 'Mask PII (off: raw text shown)'}</span>
      </label>
      {error && (
        <span className="bad-text" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
