// What stays around the steps: the withdrawal link, the large-text toggle, the offline banner,
// the document language.

import { button, el } from './views.js';

const LARGE_KEY = 'iat-large-text';

// The bar's withdrawal link; its confirmation loads on first use. A cancel gives the focus back
// to the page, where space starts a block.
function withdrawLink(doc, bar) {
  let texts = null;
  let onWithdraw = null;
  let confirmation = null;
  const link = button(doc, '', async () => {
    const { createConfirmation } = await import('./on-demand/withdrawal.js');
    confirmation ||= createConfirmation(doc, texts, () => onWithdraw(), () => doc.activeElement?.blur?.());
    bar.after(confirmation.box);
    confirmation.open();
  }, 'p-link');
  link.hidden = true;
  bar.prepend(link);
  const close = () => { if (confirmation) confirmation.box.hidden = true; };
  return {
    close,
    setTexts(ui) {
      texts = ui;
      link.textContent = ui.withdraw_link;
      confirmation?.box.remove();
      confirmation = null;
    },
    offer(handler) {
      onWithdraw = handler;
      link.hidden = !handler;
      if (!handler) close();
    },
  };
}

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
  const withdrawal = withdrawLink(doc, bar);
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
    offerWithdrawal: withdrawal.offer,
    // While a block runs: nothing but the task.
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
