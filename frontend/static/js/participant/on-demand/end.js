// End page (loaded when reached): thanks, the optional descriptive feedback with its limits,
// download my data, and withdraw (erase) after the confirmation.

import { actions, button, el, paragraphs, screen, show } from '../views.js';
import { createConfirmation } from './withdrawal.js';

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

export function showEnd(ctx, result, withdraw) {
  const { doc, ui } = ctx;
  const withdrawButton = button(doc, ui.withdraw, () => confirmation.open(), 'p-btn p-btn--danger');
  const confirmation = createConfirmation(doc, ui, withdraw, () => withdrawButton.focus());
  const body = [
    ...paragraphs(doc, [ui.end_body]),
    feedbackPart(doc, ui, result.feedback),
    el(doc, 'p', 'p-guardrail', ui.guardrail),
    actions(doc, button(doc, ui.download, () => download(ctx).catch(ctx.fail)), withdrawButton),
    confirmation.box,
  ];
  show(ctx.view, screen(doc, ui.end_title, body));
}
