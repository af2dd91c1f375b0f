// The frame of the signed-out pages: the product name and one card.
import type { ReactNode } from 'react'

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="auth">
      <div className="auth-card">
        <p className="brand">Trackly</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  )
}
