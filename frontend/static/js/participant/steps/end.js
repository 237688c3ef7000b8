// End page: thanks, the optional descriptive feedback with its limits, download my data, and
// withdraw (erase) after a confirmation.

import { actions, button, el, paragraphs, screen, show } from '../views.js';

async function download(ctx) {
  const data = await ctx.api.data();
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const link = el(ctx.doc, 'a');
  link.href = URL.createObjectURL(blob);
  link.download = 'my-data.json';
  ctx.doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function feedbackPart(doc, ui, feedback) {
  if (!feedback || !feedback.paragraphs.length) return null;
  const part = el(doc, 'section', 'p-feedback');
  part.append(el(doc, 'h2', 'p-subtitle', ui.feedback_title), ...paragraphs(doc, feedback.paragraphs));
  return part;
}

// Resolves only when the participant withdraws (after confirming).
export function showEnd(ctx, result) {
  const { doc, ui } = ctx;
  return new Promise((resolve) => {
    const confirm = el(doc, 'div', 'p-confirm');
    confirm.setAttribute('role', 'alertdialog');
    confirm.hidden = true;
    const withdraw = button(doc, ui.withdraw, () => {
      confirm.hidden = false;
      confirm.querySelector('button').focus();
    }, 'p-btn p-btn--danger');
    confirm.append(el(doc, 'p', 'p-text', ui.withdraw_question), actions(doc,
      button(doc, ui.withdraw_confirm, () => resolve(), 'p-btn p-btn--danger'),
      button(doc, ui.cancel, () => { confirm.hidden = true; withdraw.focus(); })));
    const body = [
      ...paragraphs(doc, [ui.end_body]),
      feedbackPart(doc, ui, result.feedback),
      el(doc, 'p', 'p-guardrail', ui.guardrail),
      actions(doc, button(doc, ui.download, () => download(ctx).catch(ctx.fail)), withdraw),
      confirm,
    ];
    show(ctx.view, screen(doc, ui.end_title, body));
  });
}
