// The learner's editor: CodeMirror 6 with Python or TypeScript. Loaded on demand (React.lazy from the Code tab),
// so a page that never edits never downloads it. Controlled: `value` replaces the text when it changes from
// outside (reset, a replay's program); every edit is reported through `onChange`.
//
// It lives in a shadow root. CodeMirror styles itself at run time: in a document it adds a <style> element,
// which the page's Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') refuses, leaving the
// editor unstyled; in a shadow root it adopts a constructed stylesheet, which the policy does not govern. The
// page's stylesheet does not reach inside, so the look is the theme below (its custom properties do inherit).
import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { typescriptLanguage } from '@codemirror/lang-javascript';
import { pythonLanguage } from '@codemirror/lang-python';
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useLatest } from '../app/use-latest.js';

export interface CodeEditorProps {
  value: string;
  language: 'python' | 'typescript';
  onChange(text: string): void;
  /** The editor's accessible name. */
  label: string;
}

const theme = EditorView.theme({
  '&': { font: '12.5px/1.55 var(--mono)', maxHeight: '420px', background: 'var(--raised)', color: 'var(--ink)' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-gutters': { background: 'var(--raised)', borderRight: '1px solid var(--hairline)', color: 'var(--muted)' },
  '&.cm-focused': { outline: '2px solid var(--ink)', outlineOffset: '-2px' },
  '.cm-activeLine': { background: 'color-mix(in srgb, var(--ink) 5%, transparent)' },
});

export default function CodeEditor({ value, language, onChange, label }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latestChange = useLatest(onChange);
  const latestValue = useLatest(value);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    root.replaceChildren(parent);
    const editor = new EditorView({
      root,
      parent,
      state: EditorState.create({
        doc: latestValue.current,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          indentOnInput(),
          bracketMatching(),
          indentUnit.of(language === 'python' ? '    ' : '  '),
          syntaxHighlighting(defaultHighlightStyle),
          // The grammars only: completion and snippets (most of the language packages' weight) stay out of the bundle.
          new LanguageSupport(language === 'python' ? pythonLanguage : typescriptLanguage),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latestChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [language, label, latestChange, latestValue]);

  // A new value from outside (reset, a replay's program) replaces the text; the learner's own typing does not loop.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className="code-editor" data-testid="code-editor" data-language={language} />;
}
