// What stays around the steps: the withdrawal link, the large-text toggle, the offline banner,
// the document language.

import { button, el } from './views.js';
import { createWithdrawLink } from './withdraw.js';

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
  const withdrawal = createWithdrawLink(doc, bar);
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
      withdrawal.setTexts(ui);
    },
    // onWithdraw: () => Promise while withdrawing is offered from the bar, else null.
    offerWithdrawal: (onWithdraw) => withdrawal.offer(onWithdraw),
    // While a block runs the bar (and an open confirmation) is hidden: nothing but the task.
    setTesting(on) {
      bar.hidden = on;
      if (on) withdrawal.close();
      if (on && doc.activeElement && doc.activeElement.blur) doc.activeElement.blur();
    },
    setOffline(on) {
      banner.hidden = !on || !texts;
    },
  };
}
