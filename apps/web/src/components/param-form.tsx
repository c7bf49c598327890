// A form built from a scenario's parameter schema: bounds enforced by the inputs and checked again with
// the catalogue's validateParams before a run is asked for; defaults are the seed's values.

import type { ParamSpec } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import { RichText } from './rich-text.js';

export function ParamForm({ specs, values, onChange, errors }: { specs: readonly ParamSpec[]; values: Record<string, unknown>; onChange(next: Record<string, unknown>): void; errors: Record<string, string> }) {
  const { lang, t } = useI18n();
  if (specs.length === 0) return null;
  const set = (name: string, value: unknown) => onChange({ ...values, [name]: value });
  return (
    <div className="params" data-testid="params">
      <span className="params-label">{t('run.params')}</span>
      {specs.map((spec) => {
        const value = values[spec.name] ?? spec.default;
        const error = errors[spec.name];
        const help = spec.help?.[lang];
        return (
          <div key={spec.name} className={`param${error ? ' invalid' : ''}`} title={help}>
            <span className="param-name">
              <RichText text={spec.label[lang]} />
            </span>
            {spec.type === 'boolean' && (
              <span className="segmented" role="group">
                {[false, true].map((v) => (
                  <button key={String(v)} type="button" className={value === v ? 'active' : ''} onClick={() => set(spec.name, v)} data-testid={`param-${spec.name}-${v}`}>
                    {v ? t('param.on') : t('param.off')}
                  </button>
                ))}
              </span>
            )}
            {spec.type === 'enum' && (
              <span className="segmented" role="group">
                {spec.values.map((v) => (
                  <button key={v} type="button" className={value === v ? 'active' : ''} onClick={() => set(spec.name, v)} data-testid={`param-${spec.name}-${v}`}>
                    <code>{v}</code>
                  </button>
                ))}
              </span>
            )}
            {(spec.type === 'integer' || spec.type === 'number') && (
              <input
                type="number"
                min={spec.min}
                max={spec.max}
                step={spec.type === 'integer' ? 1 : 'any'}
                value={String(value)}
                data-testid={`param-${spec.name}`}
                onChange={(e) => set(spec.name, e.target.value === '' ? '' : Number(e.target.value))}
                onBlur={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isFinite(n)) set(spec.name, Math.min(spec.max, Math.max(spec.min, spec.type === 'integer' ? Math.round(n) : n)));
                }}
              />
            )}
            {(spec.type === 'integer' || spec.type === 'number') && (
              <span className="muted small">
                {t('param.range', { min: spec.min, max: spec.max })}
                {spec.type === 'number' && spec.unit ? ` ${spec.unit}` : ''}
              </span>
            )}
            {spec.type === 'string' && (
              <input type="text" maxLength={spec.maxLength} value={String(value)} onChange={(e) => set(spec.name, e.target.value)} data-testid={`param-${spec.name}`} />
            )}
            {spec.type === 'string-list' && (
              <input
                type="text"
                value={(Array.isArray(value) ? value : []).join(', ')}
                onChange={(e) =>
                  set(
                    spec.name,
                    e.target.value
                      .split(',')
                      .map((s) => s.trim().slice(0, spec.maxLength))
                      .filter((s) => s !== '')
                      .slice(0, spec.maxItems),
                  )
                }
                data-testid={`param-${spec.name}`}
              />
            )}
            {error && <span className="param-error">{error}</span>}
          </div>
        );
      })}
    </div>
  );
}
