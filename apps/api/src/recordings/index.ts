// Recordings: the writer a run appends to as it goes, the store that lists and reads them, where they live,
// and how long they are kept.
export { createRecordingWriter, type RecordingWriter } from './recording-writer.js';
export { createRecordingHeader, type RecordingHeaderInput } from './recording-header.js';
export {
  createRecordingStore,
  isValidRunId,
  recordingFile,
  type Recording,
  type RecordingStatus,
  type RecordingStore,
  type RecordingSummary,
} from './recording-store.js';
export { defaultDataDir, ensureRecordingDir, LEGACY_DATA_DIR, moveLegacyRecordings, resolveDataDir } from './data-dir.js';
export { createPruner, DEFAULT_RETENTION, pruneRecordings, recordingFiles, type PruneResult, type RecordingFile, type RetentionPolicy } from './retention.js';
