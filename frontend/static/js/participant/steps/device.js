// Device check: a physical keyboard (press E or I), touch mode, or a recorded skip of the
// timed test for someone who cannot take it.

import { actions, button, el, screen, show } from '../views.js';

function isTyping(target) {
  return Boolean(target && target.closest && target.closest('input, textarea, select'));
}

function skipForm(doc, ui, onConfirm, onCancel) {
  const form = el(doc, 'div', 'p-skip');
  const label = el(doc, 'label', 'p-label', ui.skip_reason);
  const reason = el(doc, 'textarea', 'p-input');
  reason.id = 'p-skip-reason';
  reason.maxLength = 500;
  reason.rows = 3;
  label.htmlFor = reason.id;
  form.append(label, reason, actions(doc,
    button(doc, ui.skip_confirm, () => onConfirm(reason.value.trim()), 'p-btn p-btn--primary'),
    button(doc, ui.cancel, onCancel)));
  return form;
}

// Resolves {modality: 'keyboard'|'touch'} or {skip: true, reason}.
export function checkDevice(ctx) {
  const { doc, win, ui } = ctx;
  return new Promise((resolve) => {
    function done(result) {
      win.removeEventListener('keydown', onKey, true);
      resolve(result);
    }
    function onKey(event) {
      if (event.repeat || isTyping(event.target)) return;
      const key = String(event.key).toLowerCase();
      if (key !== 'e' && key !== 'i') return;
      event.preventDefault();
      done({ modality: 'keyboard' });
    }
    const skipButton = button(doc, ui.device_skip, () => {
      const form = skipForm(doc, ui, (reason) => done({ skip: true, reason }), () => {
        form.remove();
        skipButton.hidden = false;
        skipButton.focus();
      });
      skipButton.hidden = true;
      skipButton.after(form);
      form.querySelector('textarea').focus();
    }, 'p-btn p-btn--quiet');
    const body = [
      el(doc, 'p', 'p-text p-text--key', ui.device_keyboard),
      el(doc, 'p', 'p-text', ui.device_touch_help),
      actions(doc, button(doc, ui.device_touch, () => done({ modality: 'touch' }))),
      el(doc, 'p', 'p-text', ui.device_skip_help),
      actions(doc, skipButton),
    ];
    show(ctx.view, screen(doc, ui.device_title, body));
    win.addEventListener('keydown', onKey, true);
    ctx.pilot.answer('device').then((modality) => done({ modality }));
  });
}
