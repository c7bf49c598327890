// The page's notices: at most four at a time (the newest kept), each dismissable by its id.
import { useCallback, useRef, useState } from 'react';
import type { Notice, Notify } from '../components/notice-banner.js';

export function useNotices(): { notices: Notice[]; notify: Notify; dismiss: (id: number) => void } {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const notify: Notify = useCallback((tone, text) => {
    const id = nextId.current++;
    setNotices((list) => [...list.slice(-3), { id, tone, text }]);
    return id;
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  return { notices, notify, dismiss };
}
