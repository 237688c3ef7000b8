// Questionnaire step, placeholder until the questionnaire screens exist (issue 6): says so, and
// on "continue" saves the remaining pages unanswered (the API allows blank optional items) so
// the session can be finished.

import { showContinue } from './message.js';

export async function runQuestionnaire(ctx) {
  const { ui, api } = ctx;
  await showContinue(ctx, ui.questionnaire_title, [ui.questionnaire_body], ui.continue, 'questionnaire');
  const questionnaire = await api.questionnaire();
  for (const page of questionnaire.pages) {
    if (page.index > questionnaire.pages_done) await api.savePage(page.index, { answers: [] });
  }
}
