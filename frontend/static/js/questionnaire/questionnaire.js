// Runs the organisational questionnaire: a few items per page, answers saved per page through
// a localStorage queue (the same guarantees as the IAT blocks: idempotent, resumable after a
// reload, nothing lost offline), a progress indicator, and a fixed item order from the server.

import { createUploadQueue } from '../iat/queue.js';
import { actions, button, el, screen, show } from '../participant/views.js';
import {
  choicesFrom, mergeAnswers, pageBody, pageId, pageIndex, resumePage, simulatedChoices,
} from './state.js';
import { pageForm, readChoices } from './view.js';

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

function pendingBodies(storage, key) {
  const raw = storage.getItem(key);
  return raw ? JSON.parse(raw) : [];
}

// options: doc, win, view (element), api {questionnaire(), savePage(index, body) → {status}},
// storage, key, texts {title?, page, next, previous, finish, hint}, simulate (bool),
// onWaiting(bool). Resolves when every page is acknowledged by the server.
export async function runQuestionnaire({ doc, win, view, api, storage, key, texts, simulate = false,
  onWaiting = () => {} }) {
  const data = await api.questionnaire();
  const queued = pendingBodies(storage, key);
  const known = mergeAnswers(data, queued.map((item) => item.body));
  const choices = choicesFrom(known.answers, known.context);
  const queue = createUploadQueue({
    storage, key,
    send: (item) => api.savePage(pageIndex(item.id), item.body),
    onAck: () => onWaiting(queue.pendingIds().length > 0 && queue.isRetrying()),
    onError: () => onWaiting(true),
  });
  queue.listenOnline(win);
  queue.flush();
  const nPages = data.pages.length;
  let index = resumePage(data.pages_done, queued.map((item) => pageIndex(item.id)), nPages);
  if (data.pages_done >= nPages && !queued.length) return;
  for (;;) {
    const page = data.pages[index - 1];
    const move = await showPage({ doc, win, view, page, data, choices, texts, simulate, index, nPages });
    Object.assign(choices, move.choices);
    queue.enqueue(pageId(index), pageBody(page, move.choices, move.durationMs));
    if (move.direction === 'previous') index = Math.max(1, index - 1);
    else if (index === nPages) break;
    else index += 1;
  }
  while (queue.pendingIds().length) {
    onWaiting(true);
    await new Promise((resolve) => win.setTimeout(resolve, 200));
  }
  onWaiting(false);
}

function showPage({ doc, win, view, page, data, choices, texts, simulate, index, nPages }) {
  return new Promise((resolve) => {
    const started = win.performance.now();
    const preset = simulate ? { ...simulatedChoices(page, data.scale.points), ...choices } : choices;
    const form = pageForm(doc, page, data.scale, preset);
    const done = (direction) => resolve({
      direction, choices: readChoices(form), durationMs: win.performance.now() - started,
    });
    const last = index === nPages;
    const next = button(doc, last ? texts.finish : texts.next, () => done('next'), 'p-btn p-btn--primary');
    const previous = index > 1 ? button(doc, texts.previous, () => done('previous'), 'p-btn p-btn--quiet') : null;
    const progress = el(doc, 'p', 'q-progress', format(texts.page, { n: index, total: nPages }));
    const hint = page.items.length ? el(doc, 'p', 'p-text q-hint', texts.hint) : null;
    const bar = el(doc, 'progress', 'q-bar');
    bar.max = nPages;
    bar.value = index - 1;
    bar.setAttribute('aria-hidden', 'true');
    const buttons = actions(doc, ...[previous, next].filter(Boolean));
    show(view, screen(doc, data.title, [progress, bar, hint, form, buttons], 'q-screen'));
    if (simulate) win.setTimeout(() => done('next'), 30);
  });
}
