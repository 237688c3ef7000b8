// Pure questionnaire logic: where to resume, what a page's answers are, what a page sends.
// Kept free of the DOM so node --test can check it.

// The first page to show: after the last page saved on the server or waiting in the queue.
export function resumePage(pagesDone, pendingIndexes, nPages) {
  const done = Math.max(pagesDone, ...pendingIndexes, 0);
  return Math.min(done + 1, nPages);
}

// Answers known so far: the server's, overlaid with the pages still waiting to be sent.
export function mergeAnswers(server, pendingBodies) {
  const answers = { ...server.answers };
  const context = { ...server.context };
  for (const body of pendingBodies) {
    for (const { item_id: id, value } of body.answers) answers[id] = value;
    Object.assign(context, body.context);
  }
  return { answers, context };
}

// Radio values are '1'..'A' or 'dk' ("don't know" → null). Blank items are left out.
export function pageBody(page, choices, durationMs) {
  const answers = [];
  for (const item of page.items) {
    const choice = choices[item.id];
    if (choice === undefined || choice === null || choice === '') continue;
    answers.push({ item_id: item.id, value: choice === 'dk' ? null : Number(choice) });
  }
  const context = {};
  for (const question of page.context_questions) {
    const code = choices[`context:${question.id}`];
    if (code) context[question.id] = code;
  }
  return { answers, context, duration_ms: durationMs };
}

// Saved values back to radio values, for showing a page again.
export function choicesFrom(answers, context) {
  const choices = {};
  for (const [id, value] of Object.entries(answers)) choices[id] = value === null ? 'dk' : String(value);
  for (const [id, code] of Object.entries(context)) choices[`context:${id}`] = code;
  return choices;
}

export function pageId(index) {
  return `qpage-${index}`;
}

export function pageIndex(id) {
  return Number(id.replace('qpage-', ''));
}

// Simulation mode: a plausible respondent (seeded by the page number, so reloads agree).
export function simulatedChoices(page, points) {
  const choices = {};
  page.items.forEach((item, k) => {
    choices[item.id] = String(((page.index * 7 + k * 3) % (points - 1)) + 2);
  });
  for (const question of page.context_questions) {
    choices[`context:${question.id}`] = question.options[0].code;
  }
  return choices;
}
