import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule, tick } from './fakes.mjs';
import { present, press, setup, trialFixture } from './trial-harness.mjs';

const { applyResponse, createTrialState, runTrial, trialRecord } = await engineModule('trial.js');
const { runBlock } = await engineModule('block-runner.js');

const right = (timeStamp) => ({ side: 'right', key: 'i', timeStamp, modality: 'keyboard' });
const left = (timeStamp) => ({ side: 'left', key: 'e', timeStamp, modality: 'keyboard' });

test('applyResponse: a correct first response ends the trial', () => {
  const state = createTrialState(trialFixture());
  assert.equal(applyResponse(state, right(10), 'forced_correction'), 'correct');
  assert.equal(applyResponse(state, right(20), 'forced_correction'), 'ignored');
  assert.equal(state.final.timeStamp, 10);
});

test('applyResponse: forced correction waits for the correct key', () => {
  const state = createTrialState(trialFixture());
  assert.equal(applyResponse(state, left(10), 'forced_correction'), 'error');
  assert.equal(applyResponse(state, left(15), 'forced_correction'), 'ignored');
  assert.equal(applyResponse(state, right(30), 'forced_correction'), 'corrected');
  assert.deepEqual([state.first.timeStamp, state.final.timeStamp, state.done], [10, 30, true]);
});

test('applyResponse: flash mode ends the trial on a wrong first key', () => {
  const state = createTrialState(trialFixture());
  assert.equal(applyResponse(state, left(10), 'flash'), 'error-final');
  assert.equal(state.done, true);
});

test('trialRecord keeps unrounded latencies from the onset', () => {
  const state = createTrialState(trialFixture());
  applyResponse(state, left(1523.455), 'forced_correction');
  applyResponse(state, right(1800.005), 'forced_correction');
  const record = trialRecord(state, { time: 1000.125, method: 'paint' });
  assert.equal(record.first_latency_ms, 1523.455 - 1000.125);
  assert.equal(record.latency_ms, 1800.005 - 1000.125);
  assert.equal(record.error, true);
  assert.equal(record.first_key, 'e');
});

test('runTrial: correct response, latency from the paint onset', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  press(s, 'i', 1600.5);
  const record = await done;
  assert.deepEqual(record, {
    trial_index: 3, stimulus_id: 'target_b:1', category: 'target_b', correct_side: 'right',
    first_key: 'i', first_latency_ms: 1600.5 - 1016.25, error: false, latency_ms: 1600.5 - 1016.25,
    onset_method: 'paint', input_modality: 'keyboard', focus_lost: false,
  });
  assert.deepEqual(s.display.calls[0], ['showStimulus', trialFixture(), 'iat-stim-0']);
  assert.deepEqual(s.display.names(), ['showStimulus', 'clearStimulus', 'hideError', 'hideError']);
  assert.deepEqual(s.sleeps, [250]);
  assert.equal(s.win.count('keydown'), 0, 'input listener removed after the trial');
});

test('runTrial: error, red X with the hint, then the correct key', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  press(s, 'e', 1400);
  assert.deepEqual(s.display.calls.at(-1), ['showError', 'HINT']);
  press(s, 'e', 1450);
  press(s, 'i', 1700.75);
  const record = await done;
  assert.equal(record.error, true);
  assert.equal(record.first_key, 'e');
  assert.equal(record.first_latency_ms, 1400 - 1016.25);
  assert.equal(record.latency_ms, 1700.75 - 1016.25);
  assert.deepEqual(s.display.names().slice(-3), ['clearStimulus', 'hideError', 'hideError']);
});

test('runTrial: flash mode shows the X during the interval and ends on the first key', async () => {
  const s = setup({ errorMode: 'flash' });
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  press(s, 'e', 1400);
  const record = await done;
  assert.equal(record.error, true);
  assert.equal(record.latency_ms, record.first_latency_ms);
  assert.deepEqual(s.display.names(), ['showStimulus', 'clearStimulus', 'showError', 'hideError']);
});

test('runTrial: auto-repeat, chords, other keys and early presses are ignored', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  press(s, 'i', 999);
  press(s, 'e', 1300, { repeat: true });
  press(s, 'i', 1350, { repeat: true });
  press(s, 'i', 1360, { ctrlKey: true });
  press(s, 'x', 1370);
  const accepted = press(s, 'I', 1600.5);
  assert.equal(accepted.defaultPrevented, true);
  const record = await done;
  assert.equal(record.error, false);
  assert.equal(record.first_latency_ms, 1600.5 - 1016.25);
});

test('runTrial: losing focus during the trial is flagged', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  s.win.fire('blur');
  press(s, 'i', 1600);
  assert.equal((await done).focus_lost, true);
  assert.equal(s.win.count('blur'), 0, 'attention listener removed after the trial');
});

test('runTrial: a page hidden when the trial starts is flagged', async () => {
  const s = setup({ hidden: true });
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  press(s, 'i', 1600);
  assert.equal((await done).focus_lost, true);
});

test('runTrial: no focus loss when the page stays visible and focused', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s);
  s.doc.fire('visibilitychange');
  press(s, 'i', 1600);
  assert.equal((await done).focus_lost, false);
});

test('runTrial: without Element Timing the onset is performance.now() in the first rAF', async () => {
  const s = setup({ elementTiming: false });
  const done = runTrial(trialFixture(), s.ctx);
  await present(s, { paint: null });
  press(s, 'i', 1600);
  const record = await done;
  assert.equal(record.onset_method, 'rafNow');
  assert.equal(record.first_latency_ms, 1600 - 1004.5, 'not the stale rAF timestamp (990)');
});

test('runTrial: no paint within the deadline falls back to rafNow; a late paint is kept aside', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  await present(s, { paint: null });
  const entry = s.page.__iatTiming.trials[0];
  assert.equal(entry.onsetReady, false);
  assert.deepEqual(s.time.timers.map((t) => t.ms), [250]);
  s.time.runTimers();
  await tick();
  assert.equal(entry.onsetReady, true);
  s.PO.emit('iat-stim-0', 1016.25);
  await tick();
  press(s, 'i', 1600);
  const record = await done;
  assert.equal(record.onset_method, 'rafNow');
  assert.deepEqual([entry.onset.paint, entry.onset.used], [1016.25, 'rafNow']);
});

test('runTrial: a response before the onset is final is timed once the onset is known', async () => {
  const s = setup();
  const done = runTrial(trialFixture(), s.ctx);
  s.time.now = 1004.5;
  s.time.frame(990);
  press(s, 'i', 1010);
  const entry = s.page.__iatTiming.trials[0];
  assert.equal(entry.response, null);
  s.time.frame(1020);
  s.PO.emit('iat-stim-0', 1008);
  const record = await done;
  assert.equal(record.first_latency_ms, 2);
  assert.equal(entry.response.rt, 2);
});

test('runBlock: labels, trials in order, one record each', async () => {
  const s = setup();
  const trials = [trialFixture({ index: 1 }), trialFixture({ index: 2, correct_side: 'left', correct_key: 'e' })];
  const block = { index: 1, left: [{ label: 'A', kind: 'target' }], right: [{ label: 'B', kind: 'target' }], trials };
  const seen = [];
  const done = runBlock(block, { ...s.ctx, onTrial: (record) => seen.push(record.trial_index) });
  for (const [i, key] of [[0, 'i'], [1, 'e']]) {
    await tick();
    await present(s, { base: 1000 + i * 1000 });
    press(s, key, 1500 + i * 1000);
  }
  const records = await done;
  assert.deepEqual(records.map((r) => [r.trial_index, r.error]), [[1, false], [2, false]]);
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(s.display.calls[0], ['showLabels', block.left, block.right, 'or']);
  assert.equal(s.display.names().at(-1), 'hideLabels');
  assert.deepEqual(s.sleeps, [250, 250, 250]);
});
