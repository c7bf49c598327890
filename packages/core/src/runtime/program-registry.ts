// The program module's export namespace, registered by the program itself as its first statement (the
// node driver prepends the registration when it bundles the program). Targets and Process subclasses
// travel to a child by export name, so the parent must find that name, even while the module's
// top-level code is still running (an unguarded `start()` in the root).

let programExports: Record<string, unknown> | null = null;

/** Called by the bundled program module before its own top-level code runs. */
export function registerProgram(namespace: Record<string, unknown>): void {
  programExports = namespace;
}

/** The registered namespace, or null outside a forkscope program. */
export function getProgramExports(): Record<string, unknown> | null {
  return programExports;
}

/**
 * The export name under which the program exports `value`, or null. Exports still in their temporal
 * dead zone (a class declared below the current line) are skipped.
 */
export function findExportName(value: unknown): string | null {
  if (programExports === null) return null;
  for (const key of Object.keys(programExports)) {
    try {
      if (programExports[key] === value) return key;
    } catch {
      // not initialised yet
    }
  }
  return null;
}

/** The value exported as `name` (in a child, after the module has loaded). */
export function getExport(name: string): unknown {
  return programExports?.[name];
}
