// @forkscope/protocol — the browser-safe event protocol: types, model, reducer, recordings.
export * from './types.js';
export * from './limits.js';
export * from './compiled-check.js';
export * from './invalid-option.js';
export * from './model.js';
export * from './messages.js';
export * from './run-summary.js';
export * from './recording.js';
export * from './reducer.js';
export * from './signals.js';
export * from './exit-cause.js';
export * from './lane-order.js';
export * from './lifecycle-text.js';
export * from './validate-event.js';
export * from './chrome-trace.js';
export * from './replay.js';
export * from './compress-idle.js';
