import type { ReactNode } from 'react'
import './account.css'

/** The plain frame of the pages around the board: the name of the app, then one card of content. */
export function PageShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={`page ${wide ? 'page--wide' : 'page--narrow'}`}>
      <header className="start-header">
        <a className="brand brand--link" href="/">
          Session board
        </a>
      </header>
      {children}
    </div>
  )
}
