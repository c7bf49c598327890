// @forkscope/core/events — the browser-safe event protocol: types, model, reducer, recordings.
export * from './types.js';
export * from './model.js';
export * from './messages.js';
export * from './recording.js';
