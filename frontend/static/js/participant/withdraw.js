// Withdrawal, promised "at any time": the confirmation (shared by the end page and the page's
// bar) and the bar's discreet link, offered on every step after consent but while a block runs.

import { actions, button, el } from './views.js';

let boxes = 0;

// The confirmation: hidden until open(); onConfirm() may reject, the box then says why and stays.
export function createConfirmation(doc, ui, onConfirm, onClose = () => {}) {
  const box = el(doc, 'div', 'p-confirm');
  box.setAttribute('role', 'alertdialog');
  box.hidden = true;
  const problem = el(doc, 'p', 'p-text p-confirm-problem');
  problem.setAttribute('role', 'status');
  problem.hidden = true;
  const question = el(doc, 'p', 'p-text', ui.withdraw_question);
  boxes += 1;
  question.id = `p-withdraw-question-${boxes}`;
  box.setAttribute('aria-labelledby', question.id);
  const close = () => {
    box.hidden = true;
    onClose();
  };
  const confirm = button(doc, ui.withdraw_confirm, () => {
    problem.hidden = true;
    Promise.resolve().then(onConfirm).catch((error) => {
      problem.textContent = ui[`error_${error.kind || 'server'}`] || ui.error_server;
      problem.hidden = false;
    });
  }, 'p-btn p-btn--danger');
  box.append(question, problem, actions(doc, confirm, button(doc, ui.cancel, close)));
  return {
    box,
    open() {
      box.hidden = false;
      confirm.focus();
    },
    close() {
      box.hidden = true;
    },
  };
}

// The bar's link and its confirmation, shown while offer(onWithdraw) is in force.
export function createWithdrawLink(doc, bar) {
  const link = button(doc, '', () => confirmation?.open(), 'p-link');
  link.hidden = true;
  bar.prepend(link);
  let confirmation = null;
  let confirmed = null;
  return {
    setTexts(ui) {
      link.textContent = ui.withdraw_link;
      confirmation?.box.remove();
      // Cancelled: the focus goes back to the page, not to the link, so that the space bar
      // starts a block again on an instruction screen.
      confirmation = createConfirmation(doc, ui, () => confirmed(), () => doc.activeElement?.blur?.());
      bar.after(confirmation.box);
    },
    // onWithdraw: () => Promise, or null to take the link away.
    offer(onWithdraw) {
      confirmed = onWithdraw;
      link.hidden = !onWithdraw;
      if (!onWithdraw) confirmation?.close();
    },
    close() {
      confirmation?.close();
    },
  };
}
