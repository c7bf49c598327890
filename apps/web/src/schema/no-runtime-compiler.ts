// What the page gets for TypeBox's compiler (vite.config.ts aliases it here): the page runs under a CSP
// without 'unsafe-eval', where compiling a check fails anyway. The checks the page runs per event are
// compiled ahead of time (@forkscope/protocol's generated/precompiled-checks.ts); the rest (explaining a
// refused value) fall back to TypeBox's interpreter on this EvalError, as they would on the browser's own.
// Keeping the compiler out saves about 43 kB of bundle.

export const TypeCompiler = {
  Compile(): never {
    throw new EvalError('forkscope: the page compiles no schema checks at run time (its CSP has no unsafe-eval)');
  },
};
