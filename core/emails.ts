// The emails Trackly sends (invitations, password resets) as pure functions: subject, plain text and HTML, with
// every value from a user escaped in the HTML and stripped of control characters in the subject. Links are built
// on the configured public URL only, never on a request's Host header.

export interface EmailContent {
  subject: string
  text: string
  html: string
}

/**
 * Where an emailed token is opened: the dashboard's pages (web/), which show what the token opens through the
 * API's token routes (GET /api/v2/invitations/accept, /auth/password-reset/confirm) and use it there (POST).
 */
export const INVITATION_PATH = '/accept-invitation'
export const PASSWORD_RESET_PATH = '/reset-password'
/** The dashboard page that starts a password reset (linked from sign-in notices). */
export const FORGOT_PASSWORD_PATH = '/forgot-password'

/** `publicUrl` + path; a path prefix of the public URL (a reverse proxy's) is kept. */
export function pageLink(publicUrl: string, path: string): string {
  const url = new URL(publicUrl)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`
  url.search = ''
  url.hash = ''
  return url.toString()
}

/** `publicUrl` + path + `?token=…`; a path prefix of the public URL (a reverse proxy's) is kept. */
export function tokenLink(publicUrl: string, path: string, token: string): string {
  const url = new URL(pageLink(publicUrl, path))
  url.search = new URLSearchParams({ token }).toString()
  return url.toString()
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)

/** One line, no control characters (a header cannot be split by a name containing CR/LF). */
const oneLine = (value: string): string => value.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim()

const formatExpiry = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`

function htmlPage(paragraphs: string[], link: string, button: string): string {
  const href = escapeHtml(link)
  return [
    '<!doctype html>',
    '<html><body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">',
    ...paragraphs.map((p) => `<p>${p}</p>`),
    `<p><a href="${href}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;` +
      `text-decoration:none;border-radius:6px">${escapeHtml(button)}</a></p>`,
    `<p style="font-size:13px;color:#555">Or open this link: <a href="${href}">${href}</a></p>`,
    '</body></html>',
  ].join('\n')
}

export interface InvitationEmailInput {
  link: string
  accountName: string
  role: string
  expiresAt: Date
  /** The email already has a Trackly login: the link alone gives it access, no password is asked. */
  existingUser: boolean
}

export function invitationEmail(input: InvitationEmailInput): EmailContent {
  const account = oneLine(input.accountName)
  const role = oneLine(input.role)
  const how = input.existingUser
    ? 'You already have a Trackly login with this address: opening the link and accepting adds this account ' +
      'to it. No password is asked, and yours is not changed.'
    : 'Open the link to accept and choose a password (at least 8 characters).'
  const expiry = `The link works once and expires on ${formatExpiry(input.expiresAt)}.`
  const ignore = 'If you did not expect this invitation, ignore this email.'
  return {
    subject: `You are invited to ${account} on Trackly`,
    text: [
      `You have been invited to join ${account} on Trackly as ${role}.`,
      '',
      how,
      '',
      input.link,
      '',
      expiry,
      ignore,
      '',
    ].join('\n'),
    html: htmlPage(
      [
        `You have been invited to join <strong>${escapeHtml(account)}</strong> on Trackly as ` +
          `<strong>${escapeHtml(role)}</strong>.`,
        escapeHtml(how),
        escapeHtml(`${expiry} ${ignore}`),
      ],
      input.link,
      'Accept the invitation',
    ),
  }
}

export function passwordResetEmail(input: { link: string; expiresAt: Date }): EmailContent {
  const expiry = `The link works once and expires on ${formatExpiry(input.expiresAt)} (1 hour).`
  const ignore = 'If you did not ask for this, ignore this email: your password stays as it is.'
  return {
    subject: 'Reset your Trackly password',
    text: [
      'Someone asked to reset the password of your Trackly login.',
      '',
      'Open the link to choose a new password:',
      '',
      input.link,
      '',
      expiry,
      ignore,
      '',
    ].join('\n'),
    html: htmlPage(
      ['Someone asked to reset the password of your Trackly login.', escapeHtml(expiry), escapeHtml(ignore)],
      input.link,
      'Choose a new password',
    ),
  }
}

export interface SignInNoticeInput {
  /** The client address the sign-in came from. */
  address: string
  /** The browser's User-Agent, when it sent one. */
  userAgent: string | undefined
  at: Date
  /** Where to start a password reset (the dashboard's forgot-password page). */
  resetLink: string
}

/** Sent when a login signs in from an address it has not used before. */
export function signInNoticeEmail(input: SignInNoticeInput): EmailContent {
  const when = formatExpiry(input.at)
  const address = oneLine(input.address).slice(0, 64)
  const agent = oneLine(input.userAgent ?? '').slice(0, 200) || 'unknown browser'
  const facts = `When: ${when}. Address: ${address}. Browser: ${agent}.`
  const ifNot =
    'If this was you, there is nothing to do. If not, choose a new password now: it signs out every session.'
  return {
    subject: 'New sign-in to your Trackly login',
    text: [
      'Your Trackly login was just signed in to from an address it has not used before.',
      '',
      facts,
      '',
      ifNot,
      '',
      input.resetLink,
      '',
    ].join('\n'),
    html: htmlPage(
      [
        'Your Trackly login was just signed in to from an address it has not used before.',
        escapeHtml(facts),
        escapeHtml(ifNot),
      ],
      input.resetLink,
      'Choose a new password',
    ),
  }
}
