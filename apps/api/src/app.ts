// The app factory: everything the server is, without listening (main.ts and `forkscope serve` listen).
//
// Access is decided by route, the Fastify way: the Host check, security headers and cookie parsing are
// app-wide (fastify-plugin); `/api` and `/ws` are encapsulated plugins registered with their prefix, each
// with its own access hook; pages, assets and /healthz are public; everything else (every 404) needs the
// token when the server has one. No decision reads the request URL as a string.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifySchema, type FastifyServerOptions } from 'fastify';
import { createRecordingStore } from './recordings/recording-store.js';
import { resolveDataDir } from './recordings/data-dir.js';
import { createPruner, DEFAULT_RETENTION, pruneRecordings, type RetentionPolicy } from './recordings/retention.js';
import { createAccessPolicy, type AccessPolicy } from './security/access-policy.js';
import { requireToken } from './security/require-token.js';
import apiRoutes from './plugins/api-routes.js';
import eventsWs from './plugins/events-ws.js';
import hostGuard from './plugins/host-guard.js';
import securityHeaders from './plugins/security-headers.js';
import websocketServer from './plugins/websocket-server.js';
import webStatic, { DEFAULT_WEB_DIST, readIndexHtml } from './plugins/web-static.js';
import { answerError } from './routes/answer-error.js';
import { healthRoute } from './routes/health.js';
import type { ChromeTraceConverter } from './routes/runs.js';
import { createRunManager, type EditPolicy, type RunCaps, type RunManager } from './runs/run-manager.js';
import { editPolicy } from './runs/edit-policy.js';
import type { ClusterTimings } from './cluster/cluster-timings.js';
import type { RunSupervisorLike, ScenarioCatalogueLike } from './runs/run-backend.js';
import type { MessageBudgetOptions } from './ws/message-budget.js';
import type { RateLimitOptions } from './ws/rate-limiter.js';
import { createClassHub, defaultQuestionsOf, DEFAULT_CLASS_LIMITS, type ClassHub, type ClassLimits } from './classes/class-hub.js';
import type { JoinLimitOptions } from './classes/join-limiter.js';
import type { FanoutOptions } from './classes/class-fanout.js';
import type { RunStreamOptions } from './ws/run-stream.js';

export interface AppOptions {
  /** The address the server will listen on; decides which Host names are accepted and whether a token is required. Default 127.0.0.1. */
  host?: string;
  /** Token for /ws and /api: undefined = generated when `host` is not loopback, null = none (loopback only). */
  token?: string | null;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  /**
   * Run learners' edited programs (in the supervisor's sandbox) although `host` is not loopback. On loopback they
   * are on by default; beyond it only with this (`--allow-edits`). Without a working sandbox they are off anyway.
   */
  allowEdits?: boolean;
  /** Accept the Vite dev server's origins (http://127.0.0.1:5173). Default false; only the dev command sets it. */
  devOrigins?: boolean;
  /** Where recordings go. Default FORKSCOPE_DATA, else $XDG_DATA_HOME/forkscope (~/.local/share/forkscope). */
  dataDir?: string;
  /** How many recordings to keep (recordings/retention.ts); null = never prune. Default 2 000 runs or 1 GiB. */
  retention?: Partial<RetentionPolicy> | null;
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
  /** The server-wide message budget all connections share (ws/message-budget.ts). */
  budget?: MessageBudgetOptions;
  /** Open WebSocket connections at most. Default 512. */
  maxConnections?: number;
  heartbeatMs?: number;
  /** The built web app; null = none. Default apps/web/dist. */
  webDist?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** The classroom: caps per class (classes/class-hub.ts), join limits per address, the students' fan-out. */
  classes?: { limits?: Partial<ClassLimits>; joins?: JoinLimitOptions; fanout?: FanoutOptions };
  /**
   * Run through Redis as one stateless node of a cluster (docs/scaling.md): runs are queued for workers
   * (`forkscope worker`), nothing runs here, and the data directory is the one the workers share. Without
   * it, runs execute in this process: the embedded default.
   */
  cluster?: ClusterAppOptions;
}

export interface ClusterAppOptions {
  redisUrl: string;
  /** This node's name in logs and in Redis. */
  nodeId?: string;
  timings?: Partial<ClusterTimings>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  schema?: FastifySchema;
}

export interface ForkscopeContext {
  readonly policy: AccessPolicy;
  readonly manager: RunManager;
  readonly classes: ClassHub;
  readonly dataDir: string;
  readonly retention: Readonly<RetentionPolicy> | null;
  /** Whether `run.edited` is served, and why not. */
  readonly edits: EditPolicy;
  /** Every route the app registered, as onRoute saw it (for the access tests). */
  readonly routes: readonly RegisteredRoute[];
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
  const retention = options.retention === null ? null : { ...DEFAULT_RETENTION, ...options.retention };
  const store = createRecordingStore(dataDir);
  const { supervisor, catalogue, toChromeTrace } = await resolveBackends(options);
  const cluster = options.cluster;

  const app = Fastify({
    logger: options.logger ?? false,
    forceCloseConnections: true,
    // `/API/runs`, `/api/runs/` and `//api/runs` reach the /api routes, and so their token hook, like `/api/runs`.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path, ...(route.schema ? { schema: route.schema } : {}) });
  });

  // A cluster node runs nothing itself, so no edited program either (its workers run catalogue lessons only).
  const edits: EditPolicy = supervisor
    ? await editPolicy(options.host ?? '127.0.0.1', options.allowEdits === true, supervisor)
    : { on: false, code: 'ERR_EDITS_DISABLED', reason: 'this server is a node of a cluster (--redis), whose workers run lessons only' };
  // In a cluster the workers, which write the recordings, prune them.
  const prune = createPruner(
    () => (retention && !cluster ? pruneRecordings(store.dir, retention, (runId) => manager.isLive(runId)) : Promise.resolve()),
    (error) => app.log.error({ err: error }, 'forkscope: pruning recordings failed'),
  );
  const onError = (error: unknown, context: string): void => app.log.error({ err: error }, `forkscope: ${context} failed`);
  // Loaded only for a cluster node: the embedded server loads no Redis client.
  const clusterModule = cluster ? await import('./cluster/cluster-run-manager.js') : null;
  const clusterManager = cluster && clusterModule
    ? clusterModule.createClusterRunManager({
        redisUrl: cluster.redisUrl,
        catalogue,
        store,
        ...(options.caps ? { caps: options.caps } : {}),
        ...(options.reconnectGraceMs === undefined ? {} : { reconnectGraceMs: options.reconnectGraceMs }),
        ...(cluster.timings ? { timings: cluster.timings } : {}),
        ...(cluster.nodeId ? { nodeId: cluster.nodeId } : {}),
        onError,
      })
    : null;
  // Pages learn the cluster's epoch in `hello`: give Redis a moment to answer before serving them.
  await clusterManager?.whenReady(3000);
  const manager: RunManager =
    clusterManager ??
    createRunManager({
      supervisor: supervisor!,
      catalogue,
      store,
      ...(options.caps ? { caps: options.caps } : {}),
      ...(options.reconnectGraceMs === undefined ? {} : { reconnectGraceMs: options.reconnectGraceMs }),
      onError,
      onRecorded: () => void prune(),
      edits,
    });
  // A cluster's classes live in Redis, so that students on any node are in one class; a single server keeps them in memory.
  const clusterClasses = clusterManager
    ? (await import('./cluster/cluster-classes.js')).createClusterClasses({
        redisUrl: cluster!.redisUrl,
        nodeId: clusterManager.nodeId,
        idleMs: options.classes?.limits?.idleMs ?? DEFAULT_CLASS_LIMITS.idleMs,
        onError,
      })
    : null;
  const classes = createClassHub({
    manager,
    ...(clusterClasses ? { store: clusterClasses.store, bus: clusterClasses.bus } : {}),
    questionsOf: await defaultQuestionsOf(),
    ...(options.classes?.limits ? { limits: options.classes.limits } : {}),
    ...(options.classes?.joins ? { joins: options.classes.joins } : {}),
    ...(options.classes?.fanout ? { fanout: options.classes.fanout } : {}),
    log: app.log,
  });
  app.decorate('forkscope', { policy, manager, classes, dataDir, retention, routes, edits });

  const webDist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
  await app.register(cookie);
  await app.register(securityHeaders);
  await app.register(hostGuard, { policy });
  await app.register(websocketServer, {
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  await app.register(eventsWs, {
    prefix: '/ws',
    policy,
    manager,
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    classes,
  });
  await app.register(apiRoutes, { prefix: '/api', policy, catalogue, store, manager, toChromeTrace });
  const publicHealth = clusterManager ? (await import('./cluster/public-health.js')).publicHealth : null;
  await app.register(healthRoute, clusterManager && publicHealth ? { report: () => publicHealth(clusterManager.health()) } : {});
  await app.register(webStatic, { policy, webDist });

  // Whatever matched no route. A page (a browser asking for HTML) gets the app, whose not-found page says
  // so: pages hold no data. Anything else, with a token required, learns nothing without it, not even 404.
  const indexHtml = readIndexHtml(webDist);
  const tokenFor404 = requireToken(policy);
  app.setNotFoundHandler(async (request, reply) => {
    if (indexHtml !== null && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html') && !underApi(request.url)) {
      return reply.code(404).type('text/html; charset=utf-8').send(indexHtml);
    }
    const refused = await tokenFor404(request, reply);
    if (refused) return refused;
    return reply.code(404).send({ code: 'ERR_NOT_FOUND', message: `Nothing here: ${request.method} ${JSON.stringify(request.url.slice(0, 120))}` });
  });
  app.setErrorHandler(answerError);

  await prune();
  // Sockets are closed (1001) in preClose by the ws plugin; then every run is cancelled and awaited.
  app.addHook('onClose', async () => {
    classes.close();
    await clusterClasses?.close();
    await manager.close();
  });
  return app;
}

/** A cluster node starts no supervisor: its runs execute on workers. */
async function resolveBackends(options: AppOptions): Promise<{
  supervisor: RunSupervisorLike | null;
  catalogue: ScenarioCatalogueLike;
  toChromeTrace: ChromeTraceConverter;
}> {
  const supervisor = options.cluster ? null : options.supervisor;
  if ((supervisor || options.cluster) && options.catalogue && options.toChromeTrace) {
    return { supervisor: supervisor ?? null, catalogue: options.catalogue, toChromeTrace: options.toChromeTrace };
  }
  const defaults = await import('./runs/default-backends.js');
  return {
    supervisor: options.cluster ? null : (supervisor ?? defaults.createDefaultSupervisor()),
    catalogue: options.catalogue ?? (await defaults.loadDefaultCatalogue()),
    toChromeTrace: options.toChromeTrace ?? defaults.toChromeTrace,
  };
}

/**
 * Whether a path that matched no route is under /api or /ws, spelled any way the router accepts (case,
 * doubled slashes, percent-encoding): those answer JSON, never a page. This picks the kind of answer only;
 * the token check does not depend on it.
 */
function underApi(url: string): boolean {
  let path = url.split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: keep the raw path
  }
  path = path.replace(/\/{2,}/g, '/').toLowerCase();
  return path === '/api' || path.startsWith('/api/') || path === '/ws' || path.startsWith('/ws/');
}
