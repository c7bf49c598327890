// Whether this server runs learners' edited programs: only where the sandbox works, and by default only on
// loopback (one's own machine). A server a class reaches (`--host 0.0.0.0`) runs them only with --allow-edits.
import { isLoopbackHost } from '../security/access-policy.js';
import type { RunSupervisorLike } from './run-backend.js';
import type { EditPolicy } from './run-manager.js';

export async function editPolicy(host: string, allowEdits: boolean, supervisor: RunSupervisorLike): Promise<EditPolicy> {
  const sandbox = supervisor.sandbox ? await supervisor.sandbox : { ok: false as const, reason: 'the supervisor has no sandbox' };
  if (!sandbox.ok) return { on: false, code: 'ERR_SANDBOX_UNAVAILABLE', reason: sandbox.reason };
  if (!isLoopbackHost(host) && !allowEdits) {
    return { on: false, code: 'ERR_EDITS_DISABLED', reason: `it listens on ${host}, beyond loopback, without --allow-edits` };
  }
  return { on: true };
}
