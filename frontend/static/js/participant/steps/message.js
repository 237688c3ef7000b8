// Simple screens: declined, withdrawn, the questionnaire placeholder, waiting for uploads, errors.

import { actions, button, paragraphs, screen, show } from '../views.js';

export function showMessage(ctx, title, texts, className = '') {
  show(ctx.view, screen(ctx.doc, title, paragraphs(ctx.doc, texts), className));
}

// Resolves when the participant presses the button (or the pilot answers `step`).
export function showContinue(ctx, title, texts, label, step) {
  return new Promise((resolve) => {
    const go = button(ctx.doc, label, () => resolve(true), 'p-btn p-btn--primary');
    show(ctx.view, screen(ctx.doc, title, [...paragraphs(ctx.doc, texts), actions(ctx.doc, go)]));
    ctx.pilot.answer(step).then(resolve);
  });
}

export function showError(ctx, error, onRetry) {
  const { doc, ui } = ctx;
  const key = `error_${error.kind || 'server'}`;
  const retry = button(doc, ui.retry, onRetry, 'p-btn p-btn--primary');
  const node = screen(doc, ui.error_title, [...paragraphs(doc, [ui[key] || ui.error_server]),
    error.kind === 'link' ? null : actions(doc, retry)], 'p-screen--error');
  node.setAttribute('role', 'alert');
  show(ctx.view, node);
}
