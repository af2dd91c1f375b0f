// Number formats of the dashboard (the browser's locale).
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' })
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 })

export type Format = 'integer' | 'decimal' | 'money' | 'percent'

export function formatValue(value: number | null | undefined, format: Format): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  switch (format) {
    case 'integer':
      return integer.format(value)
    case 'decimal':
      return decimal.format(value)
    case 'money':
      return money.format(value)
    case 'percent':
      return percent.format(value)
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

export const formatTime = (iso: string | null | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '—'
