// The roles as a choice in the settings forms (API keys, team), strongest first as the API lists them.
import type { Role } from '../api/session'

export const ROLE_OPTIONS: ReadonlyArray<{ id: Role; name: string }> = [
  { id: 'owner', name: 'Owner' },
  { id: 'member', name: 'Member' },
  { id: 'viewer', name: 'Viewer' },
]
