// Recording files from the user: dropped anywhere on the page, or picked with the "open" button (touch
// screens cannot drop). Either way the same check: not a recording, or nothing to show, and the
// picture stays as it was, with a message saying why.
import { useLatest } from './use-latest.js';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { readRecording, showRecording } from '../replay/load-recording.js';
import type { TimelineInstance } from '../store/timeline-context.js';
import type { Notify } from '../components/notice-banner.js';

export function useRecordingFiles(instance: TimelineInstance, notify: Notify): { dragging: boolean; openFile(file: File): Promise<void> } {
  const { t } = useI18n();
  const tRef = useLatest(t);
  const [dragging, setDragging] = useState(false);

  const openFile = useCallback(
    async (file: File) => {
      const tr = tRef.current;
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        notify('error', tr('drop.readFailed', { file: file.name, message: (error as Error).message }));
        return;
      }
      const loaded = readRecording(text);
      if (!loaded.ok) {
        notify('error', loaded.reason === 'invalid' ? tr('drop.invalid', { message: `${file.name}: ${loaded.message}` }) : tr('drop.empty', { file: file.name }));
        return;
      }
      showRecording(instance, loaded, 'file');
      history.pushState(null, '', '/');
    },
    [instance, notify, tRef],
  );

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void openFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);

  return { dragging, openFile };
}
