// Simple screens: declined, withdrawn, waiting for uploads, errors.

import { actions, button, paragraphs, screen, show } from '../views.js';

export function showMessage(ctx, title, texts, className = '') {
  show(ctx.view, screen(ctx.doc, title, paragraphs(ctx.doc, texts), className));
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
