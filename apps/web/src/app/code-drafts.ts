// The learner's own versions of the lesson programs, per scenario and language, and the Code tab's language.
// A loaded edited run (live or replayed) puts the program it ran in its place, so the page shows the code that ran.
import { useCallback, useState } from 'react';
import type { Driver } from '@forkscope/protocol';
import { draftKey, type CodeTab } from '../components/code-panel.js';

export interface CodeDrafts {
  drafts: Readonly<Record<string, string>>;
  /** null: back to the lesson's program, the editor closed. */
  setDraft(key: string, text: string | null): void;
  tab: CodeTab | null;
  setTab(tab: CodeTab): void;
  /** Takes a loaded run's program when it is an edited version. */
  adopt(run: { scenario: string; driver: Driver | null; edit: string | null }): void;
}

export function useCodeDrafts(): CodeDrafts {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [tab, setTab] = useState<CodeTab | null>(null);
  const setDraft = useCallback((key: string, text: string | null) => {
    setDrafts((d) => {
      const next = { ...d };
      if (text === null) delete next[key];
      else next[key] = text;
      return next;
    });
  }, []);
  const adopt = useCallback((run: { scenario: string; driver: Driver | null; edit: string | null }) => {
    const { edit, driver, scenario } = run;
    if (edit === null || !driver) return;
    setDrafts((d) => ({ ...d, [draftKey(scenario, driver)]: edit }));
    setTab(driver);
  }, []);
  return { drafts, setDraft, tab, setTab, adopt };
}
