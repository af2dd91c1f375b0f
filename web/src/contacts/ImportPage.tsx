// CSV import in the browser (members and owners): choose a list and a file, map its columns onto contact fields,
// check it with a dry run (every row that would not be imported, with why), then import it in chunks with a
// progress bar. The checks are the API's own (POST /contacts/import); the page only reads and cuts the file.
import { useState } from 'react'
import { Button } from 'react-aria-components'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { ColumnMapping } from './ColumnMapping'
import { parseCsv } from './csv'
import { ImportSummary } from './ImportSummary'
import {
  addReply,
  type Chunk,
  chunksOf,
  emptyTotals,
  type Field,
  guessField,
  type ImportTotals,
} from './importChunks'
import { useLists } from './useLists'

/** A dry run checks up to the API's limit per call, so repeats across the file are found in one pass. */
const DRY_RUN_ROWS = 5000
/** A real run sends smaller chunks so that the bar moves. */
const IMPORT_ROWS = 250

type Phase = 'idle' | 'checking' | 'checked' | 'importing' | 'done'

export default function ImportPage() {
  const canWrite = useCan('member')
  const lists = useLists()
  const [listNumber, setListNumber] = useState<string | null>(null)
  const [file, setFile] = useState<{ name: string; records: string[][] } | null>(null)
  const [mapping, setMapping] = useState<Field[]>([])
  const [phase, setPhase] = useState<Phase>('idle')
  const [totals, setTotals] = useState<ImportTotals>(emptyTotals())
  const [done, setDone] = useState(0)
  const [error, setError] = useState<unknown>(null)

  if (!canWrite)
    return (
      <section>
        <h1>Import contacts</h1>
        <p>Importing contacts needs the member or owner role.</p>
      </section>
    )
  if (lists.isPending) return <Loading />
  const options = (lists.data?.lists ?? []).map((l) => ({
    id: l.phone_number,
    name: `${l.list_name} (${l.phone_number})`,
  }))
  const list = listNumber ?? options[0]?.id ?? null
  const rows = file ? file.records.length - 1 : 0
  const hasPhone = mapping.includes('phone_number')
  const busy = phase === 'checking' || phase === 'importing'

  const choose = async (chosen: File | undefined) => {
    setPhase('idle')
    setError(null)
    if (!chosen) return setFile(null)
    const records = parseCsv(await chosen.text())
    setFile({ name: chosen.name, records })
    setMapping((records[0] ?? []).map(guessField))
  }

  const run = async (dryRun: boolean) => {
    if (!file || !list) return
    const chunks = chunksOf(file.records, mapping, dryRun ? DRY_RUN_ROWS : IMPORT_ROWS)
    setPhase(dryRun ? 'checking' : 'importing')
    setError(null)
    setDone(0)
    let sum = emptyTotals()
    try {
      for (const chunk of chunks) {
        sum = addReply(sum, chunk, await send(list, chunk, dryRun))
        setTotals(sum)
        setDone((d) => d + chunk.rows)
      }
      setPhase(dryRun ? 'checked' : 'done')
    } catch (err) {
      setError(err)
      setPhase('idle')
    }
  }

  return (
    <section>
      <h1>Import contacts</h1>
      <p>
        Contacts already on the list keep their subscription; their empty fields are filled in. Unsubscribed
        contacts stay unsubscribed. <Link to="/contacts">Back to contacts</Link>
      </p>
      {options.length === 0 ? (
        <p className="notice">The account has no sending list to import onto.</p>
      ) : (
        <SelectField
          label="Sending list"
          value={list ?? ''}
          options={options}
          onChange={setListNumber}
          isDisabled={busy}
        />
      )}
      <div className="field">
        <label htmlFor="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          aria-describedby="import-file-help"
          onChange={(e) => choose(e.target.files?.[0])}
        />
        <span id="import-file-help" className="muted">
          A header row first, then one contact per row.
        </span>
      </div>
      {file && (
        <>
          <p role="status">
            {file.name}: {formatValue(rows, 'integer')} {rows === 1 ? 'row' : 'rows'}
          </p>
          <ColumnMapping
            records={file.records}
            mapping={mapping}
            onChange={(m) => {
              setMapping(m)
              setPhase('idle')
            }}
            isDisabled={busy}
          />
          {!hasPhone && (
            <p className="error" role="alert">
              Map one column to Phone number.
            </p>
          )}
          <div className="controls">
            <Button data-write="" isDisabled={busy || !hasPhone || rows === 0} onPress={() => run(true)}>
              Check file (dry run)
            </Button>
            <Button
              data-write=""
              className="react-aria-Button primary"
              isDisabled={busy || !hasPhone || phase !== 'checked' || totals.valid_rows === 0}
              onPress={() => run(false)}
            >
              Import {formatValue(totals.valid_rows, 'integer')} contacts
            </Button>
          </div>
          {phase === 'importing' || phase === 'done' ? (
            <div className="field">
              <label htmlFor="import-progress">Import progress</label>
              <progress id="import-progress" max={rows} value={done}>
                {done} of {rows}
              </progress>
              <span role="status">
                {phase === 'done'
                  ? 'Import finished.'
                  : `Imported ${formatValue(done, 'integer')} of ${formatValue(rows, 'integer')} rows`}
              </span>
            </div>
          ) : null}
          <ErrorNote error={error} />
          {phase === 'checking' && <p role="status">Checking the file…</p>}
          {(phase === 'checked' || phase === 'done') && (
            <ImportSummary totals={totals} dryRun={phase === 'checked'} listNumber={list} />
          )}
        </>
      )}
    </section>
  )
}

function send(listNumber: string, chunk: Chunk, dryRun: boolean) {
  return unwrap(
    api.POST('/api/v2/contacts/import', {
      body: { list_number: listNumber, csv: chunk.csv, dry_run: dryRun },
    }),
  )
}
