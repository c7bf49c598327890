// The Kubernetes manifests of docs/scaling.md, parsed and held against the code: each container's command,
// arguments and environment go through the real option parsers, and the ports, probes, Redis address and
// data directory they yield must agree with the manifests' own ports, services and volumes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startHealthServer } from '../../src/cluster/health-server.js';
import { parseServeOptions } from '../../src/server/serve-options.js';
import { parseWorkerOptions } from '../../src/server/worker-options.js';
import { buildApp } from '../../src/app.js';
import { createFakeCatalogue, createFakeSupervisor } from '../support/fake-backends.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const DOC = readFileSync(`${REPO}docs/scaling.md`, 'utf8');

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a manifest's shape is the test's question
  stringData?: Record<string, string>;
}

const manifests: Manifest[] = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) =>
  parseAllDocuments(m[1]!).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`docs/scaling.md: ${doc.errors[0]!.message}`);
    return doc.toJS() as Manifest;
  }),
);
const find = (kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`docs/scaling.md has no ${kind} ${name}`);
  return found;
};
const podOf = (deployment: Manifest) => deployment.spec!.template.spec;
const containerOf = (deployment: Manifest) => podOf(deployment).containers[0];

/** The container's environment as the program sees it: secrets and fields filled with stand-ins. */
function envOf(container: { env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }[] }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef) env[e.name] = find('Secret', e.valueFrom.secretKeyRef.name).stringData![e.valueFrom.secretKeyRef.key]!;
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = 'forkscope-worker-7c9f-x2v4q';
    else throw new Error(`env ${e.name} has a source this test does not know`);
  }
  return env;
}

/** The named container port a probe or service names. */
function portNamed(container: { ports: { name: string; containerPort: number }[] }, name: string | number): number {
  if (typeof name === 'number') return name;
  const port = container.ports.find((p) => p.name === name);
  if (!port) throw new Error(`no container port named ${name}`);
  return port.containerPort;
}

function mountOf(deployment: Manifest): { path: string; claim: string } {
  const container = containerOf(deployment);
  const mount = container.volumeMounts[0] as { name: string; mountPath: string };
  const volume = podOf(deployment).volumes.find((v: { name: string }) => v.name === mount.name) as { persistentVolumeClaim: { claimName: string } };
  return { path: mount.mountPath, claim: volume.persistentVolumeClaim.claimName };
}

/** The Redis a URL names must be the Redis Service, on its port. */
function expectRedisService(url: string): void {
  const redis = find('Service', 'forkscope-redis');
  const parsed = new URL(url);
  expect(parsed.hostname).toBe(redis.metadata.name);
  expect(Number(parsed.port)).toBe(redis.spec!.ports[0].port);
  const redisContainer = containerOf(find('Deployment', 'forkscope-redis'));
  expect(portNamed(redisContainer, redis.spec!.ports[0].targetPort)).toBe(Number(parsed.port));
}

describe('the Kubernetes manifests in docs/scaling.md', () => {
  it('are an API Deployment and Service, a worker Deployment, Redis, one shared volume and the token', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/forkscope-api', 'Deployment/forkscope-redis', 'Deployment/forkscope-worker', 'PersistentVolumeClaim/forkscope-data',
      'Secret/forkscope-token', 'Service/forkscope-api', 'Service/forkscope-redis',
    ]);
    for (const m of manifests.filter((m) => m.kind === 'Deployment')) {
      expect(m.spec!.selector.matchLabels).toEqual(m.spec!.template.metadata.labels);
    }
    for (const s of manifests.filter((m) => m.kind === 'Service')) {
      expect(find('Deployment', s.metadata.name).spec!.template.metadata.labels).toEqual(s.spec!.selector);
    }
  });

  it('start the API with options `forkscope serve` accepts, listening where the Service and probes look', () => {
    const api = containerOf(find('Deployment', 'forkscope-api'));
    expect(api.command.slice(0, 2)).toEqual(['node', 'apps/api/bin/forkscope.mjs']);
    // The command is the package's own `forkscope` bin, at its path in the repository (the image's /app).
    const bin = (JSON.parse(readFileSync(`${REPO}apps/api/package.json`, 'utf8')) as { bin: Record<string, string> }).bin.forkscope!;
    expect(`apps/api/${bin.replace(/^\.\//, '')}`).toBe(api.command[1]);
    expect(readFileSync(`${REPO}${api.command[1]}`, 'utf8')).toMatch(/^#!\/usr\/bin\/env node/);
    expect(api.command[2]).toBe('serve');
    const options = parseServeOptions(api.args, envOf(api));
    expect(options.host).toBe('0.0.0.0');
    expect(options.port).toBe(portNamed(api, 'http'));
    expect(options.token).toBe(find('Secret', 'forkscope-token').stringData!.token);
    expect(options.redis).toBeDefined();
    expectRedisService(options.redis!);
    expect(options.dataDir).toBe(mountOf(find('Deployment', 'forkscope-api')).path);
    const service = find('Service', 'forkscope-api');
    expect(portNamed(api, service.spec!.ports[0].targetPort)).toBe(options.port);
    expect(api.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(api.livenessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  it('start workers with options `forkscope worker` accepts, probed on its health port, with the cgroup access it needs', () => {
    const deployment = find('Deployment', 'forkscope-worker');
    const worker = containerOf(deployment);
    expect(worker.command).toEqual(['/bin/sh', '-c']);
    const script = worker.args[0] as string;
    const exec = /^exec (node apps\/api\/bin\/forkscope\.mjs) worker (.*)$/m.exec(script);
    expect(exec).not.toBeNull();
    const options = parseWorkerOptions(exec![2]!.trim().split(/\s+/), envOf(worker));
    expect(options.capacity).toBe(4);
    expect(options.name).toBe('forkscope-worker-7c9f-x2v4q'); // a pod name is a valid worker name
    expectRedisService(options.redis);
    expect(options.dataDir).toBe(mountOf(deployment).path);
    expect(options.healthHost).toBe('0.0.0.0');
    expect(options.healthPort).toBe(portNamed(worker, 'health'));
    expect(worker.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(worker.livenessProbe.tcpSocket).toEqual({ port: 'health' });
    // cgroups: writable (privileged), the worker out of the root of its cgroup, the limits' controllers on.
    expect(worker.securityContext).toEqual({ privileged: true });
    expect(script).toMatch(/echo \$\$ > \/sys\/fs\/cgroup\/worker\/cgroup\.procs/);
    expect(script).toContain('echo "+pids +memory +cpu" > /sys/fs/cgroup/cgroup.subtree_control');
    // Cancelling its runs on SIGTERM takes the supervisor's 2 s grace, and a little more to leave Redis.
    expect(podOf(deployment).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(5);
  });

  it('share one ReadWriteMany volume at the same path, and run Redis without persistence', () => {
    const claim = find('PersistentVolumeClaim', 'forkscope-data');
    expect(claim.spec!.accessModes).toEqual(['ReadWriteMany']);
    expect(mountOf(find('Deployment', 'forkscope-api'))).toEqual({ path: '/data', claim: 'forkscope-data' });
    expect(mountOf(find('Deployment', 'forkscope-worker'))).toEqual({ path: '/data', claim: 'forkscope-data' });
    expect(containerOf(find('Deployment', 'forkscope-redis')).args).toEqual(['--save', '', '--appendonly', 'no']);
  });

  describe('the probes name paths the code serves', () => {
    let apiHealth: number;
    let workerHealth: { port: number; close(): Promise<void> };
    let ok = true;
    beforeAll(async () => {
      const app = await buildApp({ dataDir: 'unused', webDist: null, supervisor: createFakeSupervisor(), catalogue: createFakeCatalogue(), toChromeTrace: () => ({}) });
      apiHealth = (await app.inject({ url: '/healthz', headers: { host: '127.0.0.1:3000' } })).statusCode;
      await app.close();
      workerHealth = await startHealthServer(0, '127.0.0.1', () => ({ ok }));
    });
    afterAll(() => workerHealth.close());

    it('/healthz of the API and of a worker', async () => {
      expect(apiHealth).toBe(200);
      expect((await fetch(`http://127.0.0.1:${workerHealth.port}/healthz`)).status).toBe(200);
      ok = false;
      expect((await fetch(`http://127.0.0.1:${workerHealth.port}/healthz`)).status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${workerHealth.port}/elsewhere`)).status).toBe(404);
    });
  });
});
