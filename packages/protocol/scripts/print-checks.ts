// Prints src/generated/precompiled-checks.ts (see checks-module.ts); the protocol's `generate` script, run
// by its build, writes it there. Browser-safe like the package: no Node import, only Node's stdout.
import { checksModule } from './checks-module.js';

declare const process: { stdout: { write(text: string): boolean } };

process.stdout.write(checksModule());
