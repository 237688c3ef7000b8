// Participant page controller: reads the page's settings, then walks the steps of DESIGN §3;
// each step is a module that resolves with the participant's answer.

import { createApi } from './api.js';
import { createChrome } from './chrome.js';
import { firstStep, simulationScale, stepAfterTest, storageKey, userAgentClass } from './flow.js';
import { createPilot } from './pilot.js';
import { createUploads } from './uploads.js';
import { askConsent } from './steps/consent.js';
import { checkDevice } from './steps/device.js';
import { chooseLanguage } from './steps/language.js';
import { showError, showMessage } from './steps/message.js';
import { runTest } from './steps/test.js';
import { el } from './views.js';

const doc = document;
const win = window;
const app = doc.getElementById('app');
const token = decodeURIComponent(win.location.pathname.split('/').filter(Boolean).pop());
const all = JSON.parse(doc.getElementById('ui-texts').textContent);
const pilot = createPilot();
const simScale = simulationScale(win.location.search, app.dataset.simulation === '1');
const timing = app.dataset.timing === '1';
const fallback = app.dataset.defaultLang; // the first language the server offers
const autoAnswers = { language: app.dataset.lang, consent: true, device: 'keyboard' };

if (timing) {
  // The timing harness: consent (default language) and the keyboard check on its behalf, then block 1.
  win.__iatHarnessStart = () => {
    pilot.arm({ ...autoAnswers, language: fallback });
    return true;
  };
}
if (simScale) pilot.arm(autoAnswers);

const view = el(doc, 'div', 'p-view');
const chrome = createChrome(doc, win, app);
const api = createApi(token);
const ctx = {
  doc, win, app, view, all, api, pilot, chrome, timing, simScale, token, ui: all[fallback], lang: fallback,
};

function setLanguage(lang) {
  ctx.lang = all[lang] ? lang : fallback;
  ctx.ui = all[ctx.lang];
  chrome.setTexts(ctx.ui, ctx.lang);
}

const steps = {
  async language() {
    setLanguage(await chooseLanguage(ctx, ctx.session.languages));
    ctx.session = await api.session(ctx.lang);
    return 'consent';
  },
  async consent() {
    const accept = await askConsent(ctx, ctx.session);
    ctx.session = await api.consent(ctx.lang, accept);
    return accept ? firstStep(ctx.session) : 'declined';
  },
  async device() {
    const choice = await checkDevice(ctx);
    if (choice.skip) {
      ctx.session = await api.skip(choice.reason);
      return stepAfterTest(ctx.session);
    }
    ctx.modality = choice.modality;
    const ua = userAgentClass(win.navigator.userAgent, choice.modality === 'touch');
    ctx.planRead = await api.start(choice.modality, ua, simScale);
    return 'test';
  },
  async iat() {
    ctx.planRead = await api.plan(simScale);
    ctx.modality = ctx.planRead.plan.input_mode;
    return 'test';
  },
  async test() {
    await runTest(ctx, ctx.planRead, ctx.modality);
    showMessage(ctx, ctx.ui.uploading_title, [ctx.ui.uploading_body]);
    await ctx.uploads.drained();
    return stepAfterTest(ctx.session);
  },
  async questionnaire() {
    const { runQuestions } = await import('./on-demand/questionnaire.js');
    await runQuestions(ctx);
    return 'finish';
  },
  async finish() {
    ctx.result = await api.finish();
    return 'end';
  },
  async end() {
    const [{ showEnd }, result] = await Promise.all([import('./on-demand/end.js'), ctx.result || api.end()]);
    showEnd(ctx, result, withdrawNow);
  },
  async declined() {
    showMessage(ctx, ctx.ui.declined_title, [ctx.ui.declined_body]);
  },
  async withdrawn() {
    forgetDevice();
    showMessage(ctx, ctx.ui.withdrawn_title, [ctx.ui.withdrawn_body]);
  },
};

// Steps with the bar's withdrawal link (the end page has its button, consent "I do not wish").
const WITHDRAWABLE = new Set(['device', 'iat', 'test', 'questionnaire', 'finish']);

// Nothing of a withdrawn session stays on this device.
function forgetDevice() {
  ctx.uploads.discard();
  const pages = storageKey(token, 'iat-questionnaire');
  try {
    [pages, `${pages}:conflicts`].forEach((key) => win.localStorage.removeItem(key));
  } catch { /* storage disabled */ }
}

// Erase on the server, then reload: the running step stops, the withdrawn step shows.
async function withdrawNow() {
  await api.withdraw();
  forgetDevice();
  win.location.reload();
}

async function walk() {
  ctx.session = await api.session();
  setLanguage(ctx.session.next_step === 'consent' ? app.dataset.lang : ctx.session.language);
  let step = firstStep(ctx.session);
  while (step) {
    app.dataset.step = step;
    chrome.offerWithdrawal(WITHDRAWABLE.has(step) ? withdrawNow : null);
    step = await steps[step]();
  }
}

function start() {
  walk().catch(ctx.fail);
}

ctx.fail = (error) => {
  console.error(error);
  app.dataset.step = 'error';
  chrome.setTesting(false);
  chrome.offerWithdrawal(null);
  showError(ctx, error, start);
};

app.replaceChildren(view);
setLanguage(app.dataset.lang);
ctx.uploads = createUploads({
  api, storage: win.localStorage, key: storageKey(token), win,
  onWaiting: chrome.setOffline,
  onProblem: (problem) => console.error('upload', problem),
});
start();
