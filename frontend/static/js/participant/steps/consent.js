// Information and consent, from the campaign's policy (server text), with a real refusal.

import { actions, button, el, paragraphs, screen, show } from '../views.js';

function sections(doc, consent) {
  return consent.map((part) => {
    const section = el(doc, 'section', 'p-consent-part');
    section.append(el(doc, 'h2', 'p-subtitle', part.heading), ...paragraphs(doc, part.paragraphs));
    return section;
  });
}

// Resolves true (I agree) or false (I do not wish to take part).
export function askConsent(ctx, session) {
  const { doc, ui } = ctx;
  return new Promise((resolve) => {
    const body = [
      el(doc, 'p', 'p-campaign', session.campaign_name),
      ...sections(doc, session.consent),
      el(doc, 'p', 'p-guardrail', ui.guardrail),
      actions(doc,
        button(doc, ui.agree, () => resolve(true), 'p-btn p-btn--primary'),
        button(doc, ui.decline, () => resolve(false))),
    ];
    show(ctx.view, screen(doc, ui.consent_title, body));
    ctx.pilot.answer('consent').then(resolve);
  });
}
