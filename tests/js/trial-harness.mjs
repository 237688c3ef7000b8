// Builds a trial context from the real engine modules with fake time, DOM and input.

import { engineModule, fakeDisplay, fakePerformanceObserver, FakeTarget, fakeTime, tick } from './fakes.mjs';

const { captureOnset, createPaintTracker } = await engineModule('clock.js');
const { listenAttention, listenKeyboard } = await engineModule('input.js');
const { createTimingHook } = await engineModule('timing-hook.js');

export const KEYS = { left: 'e', right: 'i' };

export function trialFixture(overrides = {}) {
  return {
    index: 3, stimulus_id: 'target_b:1', text: 'Budget', category: 'target_b', kind: 'target',
    correct_side: 'right', correct_key: 'i', ...overrides,
  };
}

export function setup({ errorMode = 'forced_correction', elementTiming = true, hidden = false } = {}) {
  const time = fakeTime(1000);
  const PO = fakePerformanceObserver(elementTiming);
  const paints = createPaintTracker(PO);
  const win = new FakeTarget();
  const doc = new FakeTarget({ visibilityState: hidden ? 'hidden' : 'visible' });
  const display = fakeDisplay();
  const page = {};
  const hook = createTimingHook(page);
  const sleeps = [];
  let count = 0;
  const s = { time, PO, win, doc, display, hook, page, sleeps, lastId: null };
  s.ctx = {
    errorMode, itiMs: 250, texts: { errorHint: 'HINT', or: 'or' }, display, hook,
    clock: time.clock,
    sleep: async (ms) => { sleeps.push(ms); },
    nextIdentifier: () => { s.lastId = `iat-stim-${count++}`; return s.lastId; },
    listenResponses: (handler) => listenKeyboard(win, KEYS, handler, time.clock),
    listenAttention: (handler) => listenAttention(win, doc, handler),
    captureOnset: (identifier, stamps) => captureOnset(identifier, stamps, {
      paints, raf: time.raf, clock: time.clock, setTimer: time.setTimer,
    }),
  };
  return s;
}

// The stimulus went in at time.now; two frames follow (the first with a stale rAF timestamp),
// then Element Timing reports the paint, all relative to `base`.
export async function present(s, { base = 1000, paint = 16.25 } = {}) {
  s.time.now = base + 4.5;
  s.time.frame(base - 10);
  s.time.now = base + 21;
  s.time.frame(base + 20);
  if (paint != null) s.PO.emit(s.lastId, base + paint);
  await tick();
}

export function press(s, key, timeStamp, extra = {}) {
  s.time.now = timeStamp + 0.3;
  return s.win.fire('keydown', { key, timeStamp, repeat: false, ...extra });
}
