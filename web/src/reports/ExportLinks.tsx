// Download links for a report (the browser sends the session cookie; the API answers an attachment).
export function ExportLinks({ csv, xlsx }: { csv: string; xlsx: string }) {
  return (
    <div className="export-links">
      <a className="button" href={csv} download>
        Export CSV
      </a>
      <a className="button" href={xlsx} download>
        Export Excel
      </a>
    </div>
  )
}
