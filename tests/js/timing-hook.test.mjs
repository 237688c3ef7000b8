import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule, tick } from './fakes.mjs';
import { present, press, setup, trialFixture } from './trial-harness.mjs';

const { createTimingHook, disabledTimingHook } = await engineModule('timing-hook.js');
const { runTrial } = await engineModule('trial.js');
const { runInstruction } = await engineModule('instruction.js');
const { listenContinue } = await engineModule('input.js');

const ONSET_KEYS = ['dom', 'raf', 'rafNow', 'raf2', 'paint', 'used'];

test('the hook is window.__iatTiming, version 1, on the performance.now clock', () => {
  const page = {};
  const hook = createTimingHook(page);
  assert.deepEqual(page.__iatTiming, { version: 1, clock: 'performance.now', trials: [] });
  assert.equal(hook.state, page.__iatTiming);
});

test('entries have the contract shape and are indexed in order', () => {
  const page = {};
  const hook = createTimingHook(page);
  const intro = hook.pushInstruction('Bloc 1');
  const stim = hook.pushStimulus('Budget', 'i');
  assert.deepEqual(Object.keys(stim), ['index', 'kind', 'stimulus', 'expectedKey', 'onset', 'onsetReady', 'response']);
  assert.deepEqual(Object.keys(stim.onset), ONSET_KEYS);
  assert.deepEqual([intro.index, intro.kind, intro.expectedKey], [0, 'instruction', ' ']);
  assert.deepEqual([stim.index, stim.kind, stim.stimulus, stim.expectedKey], [1, 'stimulus', 'Budget', 'i']);
  assert.equal(stim.onsetReady, false);
  assert.equal(stim.response, null);
});

test('response keeps the first accepted key only', () => {
  const hook = createTimingHook({});
  const entry = hook.pushStimulus('Budget', 'i');
  hook.setResponse(entry, { key: 'e', timeStamp: 1400, handlerNow: 1401.2, isTrusted: true }, 383.75);
  hook.setResponse(entry, { key: 'i', timeStamp: 1700, handlerNow: 1701, isTrusted: true }, 683.75);
  assert.deepEqual(entry.response, { key: 'e', eventTimeStamp: 1400, handlerNow: 1401.2, isTrusted: true, rt: 383.75 });
});

test('onset and response are announced as iat-timing events', () => {
  const page = new EventTarget();
  const seen = [];
  page.addEventListener('iat-timing', (e) => seen.push([e.detail.type, e.detail.trial.index]));
  const hook = createTimingHook(page);
  const entry = hook.pushStimulus('Budget', 'i');
  hook.markReady(entry);
  hook.setResponse(entry, { key: 'i', timeStamp: 1, handlerNow: 1, isTrusted: true }, 1);
  assert.deepEqual(seen, [['onset', 0], ['response', 0]]);
});

test('the disabled hook records nothing', () => {
  const hook = disabledTimingHook();
  const entry = hook.pushStimulus('Budget', 'i');
  hook.markReady(entry);
  hook.setResponse(entry, { key: 'i' }, 1);
  assert.equal(hook.state, null);
  assert.equal(entry.response, null);
});

test('a trial fills the entry: pushed at insertion, onsetReady only after raf2 and paint', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  const entry = s.page.__iatTiming.trials[0];
  assert.deepEqual([entry.kind, entry.stimulus, entry.expectedKey], ['stimulus', 'Budget', 'i']);
  assert.equal(entry.onset.dom, 1000);
  s.time.now = 1004.5;
  s.time.frame(990);
  s.time.now = 1021;
  s.time.frame(1020);
  await tick();
  assert.equal(entry.onsetReady, false, 'waits for the paint');
  s.PO.emit('iat-stim-0', 1016.25);
  await tick();
  assert.equal(entry.onsetReady, true);
  assert.deepEqual(entry.onset, { dom: 1000, raf: 990, rafNow: 1004.5, raf2: 1020, paint: 1016.25, used: 'paint' });
  press(s, 'i', 1600.5);
  assert.notEqual(entry.response, null, 'written inside the key handler');
  const record = await done;
  assert.deepEqual(entry.response, {
    key: 'i', eventTimeStamp: 1600.5, handlerNow: 1600.8, isTrusted: true, rt: record.first_latency_ms,
  });
});

test('instruction screens are instruction entries answered with space', async () => {
  const s = setup();
  const ctx = { ...s.ctx, raf: s.time.raf, listenContinue: (h) => listenContinue(s.win, h, s.time.clock) };
  const done = runInstruction({ title: 'Bloc 1', paragraphs: ['…'] }, ctx);
  const entry = s.page.__iatTiming.trials[0];
  assert.deepEqual([entry.kind, entry.expectedKey, entry.onsetReady], ['instruction', ' ', false]);
  s.time.frame(1001);
  assert.equal(entry.onsetReady, true);
  press(s, ' ', 1300, { repeat: true });
  press(s, 'e', 1350);
  assert.equal(entry.response, null);
  press(s, ' ', 1400);
  await done;
  assert.equal(entry.response.key, ' ');
  assert.deepEqual(s.display.names(), ['showInstruction', 'hideInstruction']);
  assert.equal(s.win.count('keydown'), 0);
});
