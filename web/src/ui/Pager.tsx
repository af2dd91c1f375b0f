// The pager under a paged table: back and forward buttons around "Page N of M"; the page lives in the address.
export function Pager(props: {
  page: number
  pages: number
  go(page: number): void
  labels?: readonly [back: string, forward: string]
}) {
  const [back, forward] = props.labels ?? ['Newer', 'Older']
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={props.page <= 1} onClick={() => props.go(props.page - 1)}>
        {back}
      </button>
      <span>
        Page {props.page} of {props.pages}
      </span>
      <button type="button" disabled={props.page >= props.pages} onClick={() => props.go(props.page + 1)}>
        {forward}
      </button>
    </nav>
  )
}
