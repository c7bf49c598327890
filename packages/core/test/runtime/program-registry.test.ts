import { describe, expect, it } from 'vitest';
import { findExportName, getExport, registerProgram } from '../../src/runtime/program-registry.js';

describe('program registry', () => {
  it('finds a value by identity among the exports, skipping exports still in their temporal dead zone', () => {
    function target(): void {}
    const namespace = Object.defineProperties({} as Record<string, unknown>, {
      Later: { enumerable: true, get: () => { throw new ReferenceError("Cannot access 'Later' before initialization"); } },
      target: { enumerable: true, value: target },
    });
    registerProgram(namespace);
    expect(findExportName(target)).toBe('target');
    expect(findExportName(() => undefined)).toBeNull();
    expect(getExport('target')).toBe(target);
  });
});
