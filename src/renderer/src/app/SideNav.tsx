/** The left navigation, built from the page registry and grouped by section: links carry the current scope, arrow keys move between them, Alt+1..9 is shown per page. */
import { useRef, type ReactElement } from 'react'
import type { Scope } from '../../../shared/scope'
import { Icon } from '../components/Icon'
import { navFocusTarget, shortcutLabel } from './navKeys'
import { PAGE_GROUPS, type PageDef } from './pages'
import { hrefForPage } from './route'

export interface SideNavProps {
  pages: readonly PageDef[]
  currentId: string
  scope: Scope
  footer?: ReactElement
}

export function SideNav({ pages, currentId, scope, footer }: SideNavProps): ReactElement {
  const listRef = useRef<HTMLUListElement>(null)
  return (
    <nav className="sidenav" aria-label="Pages">
      <div className="sidenav__brand">
        <span className="sidenav__logo" aria-hidden>
          <Icon name="sparkle" size={14} />
        </span>
        <span className="sidenav__name">Telemetry Workbench</span>
      </div>
      <ul
        ref={listRef}
        className="sidenav__list"
        onKeyDown={(e) => {
          const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.sidenav__link') ?? [])]
          const current = links.indexOf(document.activeElement as HTMLAnchorElement)
          if (current < 0) return
          const target = navFocusTarget(e.key, current, links.length)
          if (target === null) return
          e.preventDefault()
          links[target].focus()
        }}
      >
        {PAGE_GROUPS.map((g) => {
          const inGroup = pages.filter((p) => p.group === g.id)
          if (inGroup.length === 0) return null
          return (
            <li key={g.id} className="sidenav__group" role="presentation">
              <div className="sidenav__group-label" id={`nav-group-${g.id}`}>
                {g.label}
              </div>
              <ul className="sidenav__sublist" aria-labelledby={`nav-group-${g.id}`}>
                {inGroup.map((p) => {
                  const i = pages.indexOf(p)
                  const active = p.id === currentId
                  const shortcut = shortcutLabel(i)
                  return (
                    <li key={p.id}>
                      <a
                        className={`sidenav__link${active ? ' sidenav__link--active' : ''}`}
                        href={hrefForPage(p.id, scope)}
                        aria-current={active ? 'page' : undefined}
                        aria-keyshortcuts={shortcut ?? undefined}
                        title={`${p.description}${shortcut ? ` (${shortcut})` : ''}`}
                        data-testid={`nav-${p.id}`}
                      >
                        <Icon name={p.icon} />
                        <span className="sidenav__label">{p.label}</span>
                        {shortcut && (
                          <kbd className="sidenav__kbd" aria-hidden>
                            {i + 1}
                          </kbd>
                        )}
                      </a>
                    </li>
                  )
                })}
              </ul>
            </li>
          )
        })}
      </ul>
      {footer && <div className="sidenav__footer">{footer}</div>}
    </nav>
  )
}
