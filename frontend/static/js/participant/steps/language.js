// Language choice: one button per language of the campaign, each named in its own language.

import { actions, button, el, screen, show } from '../views.js';

export function chooseLanguage(ctx, languages) {
  const { doc, all } = ctx;
  return new Promise((resolve) => {
    const choices = languages.filter((code) => all[code]).map((code) => {
      const choice = button(doc, all[code].language_name, () => resolve(code), 'p-btn p-btn--lang');
      choice.lang = code;
      return choice;
    });
    const title = languages.map((code) => all[code]?.language_title).filter(Boolean).join(' · ');
    const help = el(doc, 'p', 'p-text', ctx.ui.language_help);
    show(ctx.view, screen(doc, title, [help, actions(doc, ...choices)]));
    ctx.pilot.answer('language').then(resolve);
  });
}
