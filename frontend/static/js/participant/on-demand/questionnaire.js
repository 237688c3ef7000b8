// The questionnaire step: the questionnaire module (loaded only when this step comes, so the
// test page stays light) with the page's texts, API and offline banner.

import { storageKey } from '../flow.js';

export async function runQuestions(ctx) {
  const [{ runQuestionnaire }] = await Promise.all([
    import('../../questionnaire/questionnaire.js'), loadStyle(ctx.doc, '/static/css/questionnaire.css'),
  ]);
  const { ui, api } = ctx;
  await runQuestionnaire({
    doc: ctx.doc, win: ctx.win, view: ctx.view,
    api: { questionnaire: api.questionnaire, savePage: api.putPage },
    storage: ctx.win.localStorage,
    key: storageKey(ctx.token, 'iat-questionnaire'),
    texts: { page: ui.q_page, next: ui.q_next, previous: ui.q_previous, finish: ui.q_finish, hint: ui.q_hint },
    simulate: Boolean(ctx.simScale),
    onWaiting: ctx.chrome.setOffline,
  });
}

function loadStyle(doc, href) {
  if (doc.querySelector(`link[href="${href}"]`)) return null;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  doc.head.append(link);
  return loaded;
}
