// The api package's test client, shared rather than copied.
import type { ServerMessage } from '@forkscope/protocol';

export * from '../../../../apps/api/test/support/ws-client.js';

/** Matches the reply carrying `ref` (run.accepted or error). */
export const withRef =
  (ref: string) =>
  (m: ServerMessage): boolean =>
    'ref' in m && m.ref === ref;
