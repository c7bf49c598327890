// Scenarios grouped by the tutorial's sections, titled in both languages (the reader's first).
import { catalogue, type ScenarioMeta } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';

export function ScenarioPicker({ value, onChange, disabled }: { value: string; onChange(id: string): void; disabled?: boolean }) {
  const { lang, t } = useI18n();
  const other = lang === 'zh' ? 'en' : 'zh';
  const groups = new Map<string, ScenarioMeta[]>();
  const sorted = catalogue.slice().sort((a, b) => compareSections(a.section, b.section));
  for (const s of sorted) {
    const major = s.section.split('.')[0] ?? s.section;
    const list = groups.get(major) ?? [];
    list.push(s);
    groups.set(major, list);
  }
  const current = catalogue.find((s) => s.id === value);
  return (
    <label className="picker">
      <span className="section-chip">{current?.section ?? '—'}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-label={t('picker.label')} data-testid="scenario">
        {[...groups].map(([major, list]) => (
          <optgroup key={major} label={`§ ${major}`}>
            {list.map((s) => (
              <option key={s.id} value={s.id} title={s.title[other]}>
                {s.section}  {s.title[lang]}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

function compareSections(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
