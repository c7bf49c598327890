// 中文 | EN, in every page's header.
import { useI18n } from '../i18n/i18n-context.js';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <span className="segmented lang" role="group" aria-label={t('lang.switch')}>
      <button className={lang === 'zh' ? 'active' : ''} onClick={() => setLang('zh')} data-testid="lang-zh">
        中文
      </button>
      <button className={lang === 'en' ? 'active' : ''} onClick={() => setLang('en')} data-testid="lang-en" lang="en">
        EN
      </button>
    </span>
  );
}
