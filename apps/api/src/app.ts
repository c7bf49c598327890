// The app factory: everything the server is, without listening (main.ts and `forkscope serve` listen).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createRecordingStore, resolveDataDir } from './recordings/recording-store.js';
import { createAccessPolicy, type AccessPolicy } from './security/access-policy.js';
import { installAccessGuard } from './plugins/access-guard.js';
import { registerEventsWs } from './plugins/events-ws.js';
import { DEFAULT_WEB_DIST, registerWebStatic } from './plugins/web-static.js';
import { registerDriverRoutes } from './routes/drivers.js';
import { registerHealthRoute } from './routes/health.js';
import { registerRunRoutes, type ChromeTraceConverter } from './routes/runs.js';
import { registerScenarioRoutes } from './routes/scenarios.js';
import { createRunManager, type RunCaps, type RunManager } from './runs/run-manager.js';
import type { RunSupervisorLike, ScenarioCatalogueLike } from './runs/run-backend.js';
import type { RateLimitOptions } from './ws/rate-limiter.js';
import type { RunStreamOptions } from './ws/run-stream.js';

export interface AppOptions {
  /** The address the server will listen on; decides which Host names are accepted and whether a token is required. Default 127.0.0.1. */
  host?: string;
  /** Token for /ws and /api: undefined = generated when `host` is not loopback, null = none (loopback only). */
  token?: string | null;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  /** Accept the Vite dev server's origins (http://127.0.0.1:5173). Default: NODE_ENV is not `production`. */
  devOrigins?: boolean;
  /** Where recordings go. Default FORKSCOPE_DATA, else ./data. */
  dataDir?: string;
  /** The run supervisor. Default: `createSupervisor()` from @forkscope/core/supervisor. Closed with the app. */
  supervisor?: RunSupervisorLike;
  /** The scenarios that may run. Default: the @forkscope/scenarios catalogue. */
  catalogue?: ScenarioCatalogueLike;
  toChromeTrace?: ChromeTraceConverter;
  caps?: Partial<RunCaps>;
  /** See RunManagerOptions.reconnectGraceMs. */
  reconnectGraceMs?: number;
  stream?: RunStreamOptions;
  rateLimit?: RateLimitOptions;
  heartbeatMs?: number;
  /** The built web app; null = none. Default apps/web/dist. */
  webDist?: string | null;
  logger?: FastifyServerOptions['logger'];
}

export interface ForkscopeContext {
  readonly policy: AccessPolicy;
  readonly manager: RunManager;
  readonly dataDir: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    forkscope: ForkscopeContext;
  }
}

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const policy = createAccessPolicy({
    host: options.host ?? '127.0.0.1',
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.devOrigins === undefined ? {} : { devOrigins: options.devOrigins }),
  });
  const dataDir = resolveDataDir(options.dataDir);
  const store = createRecordingStore(dataDir);
  const { supervisor, catalogue, toChromeTrace } = await resolveBackends(options);

  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  const manager = createRunManager({
    supervisor,
    catalogue,
    store,
    ...(options.caps ? { caps: options.caps } : {}),
    ...(options.reconnectGraceMs === undefined ? {} : { reconnectGraceMs: options.reconnectGraceMs }),
    onError: (error, context) => app.log.error({ err: error }, `forkscope: ${context} failed`),
  });
  app.decorate('forkscope', { policy, manager, dataDir });

  installAccessGuard(app, policy);
  await registerEventsWs(app, {
    manager,
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  registerHealthRoute(app);
  registerScenarioRoutes(app, catalogue);
  registerDriverRoutes(app, catalogue);
  registerRunRoutes(app, { store, manager, toChromeTrace });
  await registerWebStatic(app, options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist);

  // Sockets are closed (1001) in preClose by the ws plugin; then every run is cancelled and awaited.
  app.addHook('onClose', async () => manager.close());
  return app;
}

async function resolveBackends(options: AppOptions): Promise<{
  supervisor: RunSupervisorLike;
  catalogue: ScenarioCatalogueLike;
  toChromeTrace: ChromeTraceConverter;
}> {
  if (options.supervisor && options.catalogue && options.toChromeTrace) {
    return { supervisor: options.supervisor, catalogue: options.catalogue, toChromeTrace: options.toChromeTrace };
  }
  const defaults = await import('./runs/default-backends.js');
  return {
    supervisor: options.supervisor ?? defaults.createDefaultSupervisor(),
    catalogue: options.catalogue ?? (await defaults.loadDefaultCatalogue()),
    toChromeTrace: options.toChromeTrace ?? defaults.toChromeTrace,
  };
}
