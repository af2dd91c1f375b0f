// "Insert macro": puts {{first_name}}, {{last_name}}, {{brand_name}}, a custom field of the account's contacts or
// the next free {{linkN}} into the message at the cursor (replacing a selection). The API has no list of custom
// field names, so those offered are the ones found on the latest contacts, and "Custom field…" takes any name.
import { useQuery } from '@tanstack/react-query'
import { type RefObject, useState } from 'react'
import {
  Button,
  Menu,
  MenuItem,
  MenuSection,
  MenuTrigger,
  Popover,
  Header as SectionHeader,
} from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { TextInput } from '../ui/TextInput'
import { BUILT_IN_MACROS, customFieldNames, insertAt, isMacroName, nextLinkKey } from './linkParams'

/** How many of the newest contacts the custom field names are read from. */
const SAMPLE = 200
const CUSTOM = '__custom__'

interface Props {
  message: string
  textarea: RefObject<HTMLTextAreaElement | null>
  /** The new message and where its cursor goes. */
  onInsert(message: string, cursor: number): void
}

export function MacroMenu({ message, textarea, onInsert }: Props) {
  const [asking, setAsking] = useState(false)
  const [custom, setCustom] = useState('')
  const [customError, setCustomError] = useState<string | null>(null)
  const contacts = useQuery({
    queryKey: ['contacts', 'field-names'],
    queryFn: () => unwrap(api.GET('/api/v2/contacts', { params: { query: { per_page: SAMPLE } } })),
    staleTime: 60_000,
  })
  const fields = customFieldNames((contacts.data?.contacts ?? []).map((c) => c.custom_fields))
  const link = nextLinkKey(message)

  const insert = (name: string) => {
    const el = textarea.current
    const start = el?.selectionStart ?? message.length
    const end = el?.selectionEnd ?? start
    const next = insertAt(message, start, end, `{{${name}}}`)
    onInsert(next.text, next.cursor)
  }
  const insertCustom = () => {
    const name = custom.trim()
    if (!isMacroName(name)) {
      setCustomError('letters, digits, _ and . only (at most 64)')
      return
    }
    insert(name)
    setAsking(false)
    setCustom('')
    setCustomError(null)
  }
  const onAction = (id: string | number) => {
    const key = String(id)
    if (key === CUSTOM) {
      setAsking(true)
      return
    }
    insert(key)
  }
  return (
    <div className="macro-menu">
      <MenuTrigger>
        <Button>Insert macro</Button>
        <Popover>
          <Menu onAction={onAction} aria-label="Macros" className="menu">
            <MenuSection>
              <SectionHeader>Contact and list</SectionHeader>
              {BUILT_IN_MACROS.map((m) => (
                <MenuItem key={m} id={m} textValue={`{{${m}}}`}>
                  {`{{${m}}}`}
                </MenuItem>
              ))}
            </MenuSection>
            <MenuSection>
              <SectionHeader>Custom fields</SectionHeader>
              {fields.map((f) => (
                <MenuItem key={f} id={f} textValue={`{{${f}}}`}>
                  {`{{${f}}}`}
                </MenuItem>
              ))}
              <MenuItem id={CUSTOM} textValue="Custom field…">
                Custom field…
              </MenuItem>
            </MenuSection>
            <MenuSection>
              <SectionHeader>Links</SectionHeader>
              {/* Keyed by its id: React Aria refuses an item whose id changes. */}
              <MenuItem key={link} id={link} textValue={`{{${link}}}`}>
                {`{{${link}}}`} (new link)
              </MenuItem>
            </MenuSection>
          </Menu>
        </Popover>
      </MenuTrigger>
      {asking && (
        // Inside the creative's form: a fieldset, not a form of its own (forms do not nest).
        <fieldset className="custom-macro">
          <legend className="visually-hidden">Custom field macro</legend>
          <TextInput
            label="Custom field"
            value={custom}
            onChange={(v) => {
              setCustom(v)
              setCustomError(null)
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return
              e.preventDefault()
              insertCustom()
            }}
            isInvalid={customError !== null}
            {...(customError ? { errorMessage: customError } : {})}
            autoFocus
          />
          <Button onPress={insertCustom}>Insert field</Button>{' '}
          <Button onPress={() => setAsking(false)}>Cancel</Button>
        </fieldset>
      )}
    </div>
  )
}
