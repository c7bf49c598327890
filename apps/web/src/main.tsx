import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/i18n-context.js';
import { Root } from './app/root.js';
import { applyTheme } from './theme/theme.js';
import './styles.css';

// Every colour comes from the theme: styles.css reads them as custom properties.
applyTheme(document.documentElement.style);

// No StrictMode: its double-mounted effects would close the timeline's WebSocket right after opening it.
createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <Root />
  </I18nProvider>,
);
