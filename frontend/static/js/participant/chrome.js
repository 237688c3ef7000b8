// What stays around the steps: the large-text toggle, the offline banner, the document language.

import { button, el } from './views.js';

const LARGE_KEY = 'iat-large-text';

export function createChrome(doc, win, app) {
  const bar = el(doc, 'div', 'p-bar');
  const banner = el(doc, 'p', 'p-offline');
  banner.setAttribute('role', 'status');
  banner.hidden = true;
  const root = doc.documentElement;
  const toggle = button(doc, '', () => setLarge(!root.classList.contains('p-large')), 'p-toggle');
  bar.append(toggle);
  app.before(bar);
  app.before(banner);
  let texts = null;

  function setLarge(on) {
    root.classList.toggle('p-large', on);
    toggle.setAttribute('aria-pressed', String(on));
    try {
      win.localStorage.setItem(LARGE_KEY, on ? '1' : '0');
    } catch { /* storage full or disabled: the toggle still works for this page */ }
  }
  setLarge(win.localStorage.getItem(LARGE_KEY) === '1');

  return {
    setTexts(ui, lang) {
      texts = ui;
      root.lang = lang;
      toggle.textContent = ui.large_text;
      banner.textContent = ui.offline;
    },
    // During a block the bar is hidden: a focused button must not catch the space bar.
    setTesting(on) {
      bar.hidden = on;
      if (on && doc.activeElement && doc.activeElement.blur) doc.activeElement.blur();
    },
    setOffline(on) {
      banner.hidden = !on || !texts;
    },
  };
}
