// The withdrawal confirmation (end page and the bar's link). onConfirm() may reject: the box
// then says why and stays open.

import { actions, button, el } from '../views.js';

export function createConfirmation(doc, ui, onConfirm, onClose = () => {}) {
  const box = el(doc, 'div', 'p-confirm');
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-label', ui.withdraw_question);
  box.hidden = true;
  const problem = el(doc, 'p', 'p-text p-confirm-problem');
  problem.setAttribute('role', 'status');
  problem.hidden = true;
  const confirm = button(doc, ui.withdraw_confirm, () => {
    problem.hidden = true;
    Promise.resolve().then(onConfirm).catch((error) => {
      problem.textContent = ui[`error_${error.kind || 'server'}`] || ui.error_server;
      problem.hidden = false;
    });
  }, 'p-btn p-btn--danger');
  const cancel = button(doc, ui.cancel, () => {
    box.hidden = true;
    onClose();
  });
  box.append(el(doc, 'p', 'p-text', ui.withdraw_question), problem, actions(doc, confirm, cancel));
  return {
    box,
    open() {
      box.hidden = false;
      confirm.focus();
    },
  };
}
