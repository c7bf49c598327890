// Bundles a learner's edited TypeScript program (text from outside) with core's program runtime into one ESM
// file for the node driver, in the sandbox's program directory. The bundler runs on the host, outside the
// sandbox, so it must read nothing the program names: an `import` of a file (`/etc/shadow`, `../data/x.json`,
// `./token.txt`) would be copied into the bundle by esbuild's loaders. The edited program may import only
// `@forkscope/core` and Node's built-in modules (external, loaded at run time inside the sandbox).
import { writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { ProcessError } from '@forkscope/core';
import { bundleFailure, coreFile, PROGRAM_BUILD_OPTIONS, PROGRAM_ENTRY, PROTOCOL_IMPORT, protocolModule } from './bundled-packages.js';


const EDIT_NAMESPACE = 'forkscope-edit';
const registryFile = coreFile('runtime/program-registry');
const BUILTINS = new Set(builtinModules);

/** The bundle's name in the program directory. */
export const EDITED_BUNDLE = 'program.mjs';

/** Writes `<dir>/program.mjs` (and its source map) for `source`; `name` is the file name stack traces show. */
export async function bundleEditedProgram(source: string, dir: string, name: string): Promise<string> {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      ...PROGRAM_BUILD_OPTIONS,
      stdin: { contents: PROGRAM_ENTRY, sourcefile: '<forkscope-entry>', resolveDir: dir, loader: 'js' },
      absWorkingDir: dir,
      outfile: join(dir, EDITED_BUNDLE),
      plugins: [editedProgramPlugin(source, name)],
    });
  } catch (error) {
    // Plain text: the learner reads it in the page.
    throw await bundleFailure(esbuild, error, name, false);
  }
  const output = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  if (!output || !map) throw new ProcessError('ERR_PROGRAM_BUNDLE_FAILED', { file: name, reason: 'esbuild produced no output' });
  const bundle = join(dir, EDITED_BUNDLE);
  await writeFile(`${bundle}.map`, map.contents, { mode: 0o644 });
  await writeFile(bundle, output.contents, { mode: 0o644 });
  return bundle;
}

function editedProgramPlugin(source: string, name: string): Plugin {
  return {
    name: 'forkscope-edited-program',
    setup(build) {
      build.onResolve({ filter: /^forkscope:program$/ }, () => ({ path: name, namespace: EDIT_NAMESPACE }));
      // Core takes limits and helpers from the protocol (no schema): its files, resolved as the lesson bundles do.
      build.onResolve({ filter: PROTOCOL_IMPORT }, (args) => (args.namespace === EDIT_NAMESPACE ? undefined : protocolModule(args.path)));
      build.onResolve({ filter: /.*/ }, (args) => {
        // What core and the protocol import resolves as usual; only the edited program is held to the list.
        if (args.namespace !== EDIT_NAMESPACE) return undefined;
        if (args.path === '@forkscope/core') return { path: coreFile('program-api') };
        if (args.path === registryFile) return { path: registryFile }; // the line this plugin prepends
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (BUILTINS.has(bare)) return { path: args.path, external: true };
        return {
          errors: [{ text: `Cannot import ${JSON.stringify(args.path)}: an edited program may import only "@forkscope/core" and Node's built-in modules (node:…)` }],
        };
      });
      build.onLoad({ filter: /.*/, namespace: EDIT_NAMESPACE }, () => {
        const register =
          `import * as __forkscopeSelf from "forkscope:program"; ` +
          `import { registerProgram as __forkscopeRegister } from ${JSON.stringify(registryFile)}; ` +
          `__forkscopeRegister(__forkscopeSelf); `;
        return { contents: register + source.replace(/^#!.*/, ''), loader: 'ts' };
      });
    },
  };
}
