// tap `after`: remove containers the setup started (local-stack services are left running for the next run).
import { spawnSync } from 'node:child_process'
import { readStackEnv } from './harness/stack.js'

const env = readStackEnv()
if (env.containers.length > 0) spawnSync('docker', ['rm', '-f', ...env.containers], { stdio: 'inherit' })
