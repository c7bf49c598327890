// The node driver: a TypeScript (or JavaScript) program module is bundled with esbuild, together with
// core's program runtime, into one ESM file. Every process of the program, root and children alike, is
// `node <bundle>`, so a child starts in plain Node start time (no TypeScript loader in program processes).
import { access, constants } from 'node:fs/promises';
import type { ProgramDriver, ProgramLaunch } from './driver.js';
import { bundleProgram } from './program-bundle.js';
import { bundleEditedProgram } from './edited-bundle.js';

export { bundleProgram } from './program-bundle.js';

export const nodeDriver: ProgramDriver = {
  id: 'node',

  async available() {
    // Program processes use process.getBuiltinModule (Node 20.16+) to load builtins only where needed.
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    if (major < 20 || (major === 20 && minor < 16)) {
      return { ok: false, reason: `Node ${process.versions.node} is too old: the node driver needs Node 20.16 or newer` };
    }
    try {
      await import('esbuild');
      await access(process.execPath, constants.X_OK);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `esbuild cannot be loaded (${(error as Error).message}); reinstall @forkscope/supervisor's dependencies` };
    }
  },

  async prepare(program, params): Promise<ProgramLaunch> {
    const bundle = await bundleProgram(program.file);
    // The supervisor starts from a minimal environment and adds these; NODE_EXTRA_CA_CERTS must not be
    // among them (it costs ~40 ms per Node start and programs need no extra CAs).
    return { argv: [process.execPath, bundle], env: { FORKSCOPE_PARAMS: JSON.stringify(params) } };
  },

  async prepareSource(source, dir, name, params): Promise<ProgramLaunch> {
    const bundle = await bundleEditedProgram(source, dir, name);
    return { argv: [process.execPath, bundle], env: { FORKSCOPE_PARAMS: JSON.stringify(params) } };
  },
};
