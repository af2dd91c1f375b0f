// The allowed import directions, checked in `./trackly test` (npm run lint:imports):
//   core ← analytics, lib, providers ← services ← api, ingest, processors, workers ← bin
// web/ is the browser app: it reaches the server only through HTTP, so it imports none of the server's code.
const layer = (name) => `^${name}/`
const ROLES = ['api', 'ingest', 'processors', 'workers']
const SERVER_ROLES = `^(${ROLES.join('|')})/`

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ holds pure domain logic: of the project it imports only core/',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '^(analytics|lib|providers|services|api|ingest|processors|workers|bin|web)/' },
    },
    {
      name: 'core-no-io-builtins',
      comment:
        'no file system, network, processes or environment in core/ (net is allowed for isIP, path for joining)',
      severity: 'error',
      from: { path: layer('core') },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(crypto|util|buffer|url|net|path|async_hooks)$' },
    },
    {
      name: 'providers-on-core-only',
      comment: 'SMS provider adapters speak their wire formats; they need only core/',
      severity: 'error',
      from: { path: layer('providers') },
      to: { path: '^(analytics|lib|services|api|ingest|processors|workers|bin|web)/' },
    },
    {
      name: 'clients-below-services',
      comment:
        'analytics/ and lib/ are clients, queues and plugins: they never reach up into domain operations or roles',
      severity: 'error',
      from: { path: '^(analytics|lib)/' },
      to: { path: '^(services|api|ingest|processors|workers|bin|web)/' },
    },
    {
      name: 'services-below-roles',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: '^(api|ingest|processors|workers|bin|web)/' },
    },
    // Each role (api, ingest, processors, workers) stands on services and below, never on another role.
    ...ROLES.map((role) => ({
      name: `${role}-apart`,
      severity: 'error',
      from: { path: `^${role}/` },
      to: { path: `^(${[...ROLES.filter((r) => r !== role), 'bin', 'web'].join('|')})/` },
    })),
    {
      name: 'web-only-over-http',
      comment: 'the dashboard talks to the server only through the generated client',
      severity: 'error',
      from: { path: layer('web') },
      to: { path: `^(core|analytics|lib|providers|services|bin)/|${SERVER_ROLES}` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(core|analytics|lib|providers|services|api|ingest|processors|workers|bin)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.stack)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
}
