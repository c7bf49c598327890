// Recordings: the writer a run appends to as it goes, and the store that lists and reads them.
export { createRecordingWriter, type RecordingWriter } from './recording-writer.js';
export { createRecordingHeader, type RecordingHeaderInput } from './recording-header.js';
export {
  createRecordingStore,
  isValidRunId,
  recordingFile,
  resolveDataDir,
  type Recording,
  type RecordingStatus,
  type RecordingStore,
  type RecordingSummary,
} from './recording-store.js';
