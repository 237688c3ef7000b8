import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule, FakeTarget } from './fakes.mjs';
import { trialFixture } from './trial-harness.mjs';

const { createSimulator, simulatedPresses, CORRECTION_MS } = await engineModule('on-demand/simulate.js');
const KEYS = { left: 'e', right: 'i' };
const opts = { keys: KEYS, errorMode: 'forced_correction', timeScale: 0.1 };

test('a correct simulated trial presses the correct key at the scaled latency', () => {
  assert.deepEqual(simulatedPresses(trialFixture(), { latency_ms: 640, error: false }, opts),
    [{ atMs: 64, key: 'i' }]);
});

test('an error trial presses the wrong key first, then the correction', () => {
  assert.deepEqual(simulatedPresses(trialFixture(), { latency_ms: 900, first_latency_ms: 500, error: true }, opts),
    [{ atMs: 50, key: 'e' }, { atMs: 90, key: 'i' }]);
  assert.deepEqual(simulatedPresses(trialFixture(), { latency_ms: 700, error: true }, { ...opts, timeScale: 1 }),
    [{ atMs: 700, key: 'e' }, { atMs: 700 + CORRECTION_MS, key: 'i' }]);
});

test('in flash mode an error trial presses the wrong key only', () => {
  assert.deepEqual(simulatedPresses(trialFixture(), { latency_ms: 700, error: true }, { ...opts, errorMode: 'flash' }),
    [{ atMs: 70, key: 'e' }]);
});

test('the simulator schedules keydowns at onset + scaled latency', () => {
  globalThis.KeyboardEvent ??= class extends Event {
    constructor(type, init) {
      super(type, init);
      this.key = init.key;
    }
  };
  const target = new FakeTarget();
  target.dispatchEvent = (ev) => target.fire(ev.type, { key: ev.key });
  const keys = [];
  target.addEventListener('keydown', (ev) => keys.push(ev.key));
  const timers = [];
  const lookup = (block, trial) => ({ latency_ms: block * 100 + trial, error: false });
  const sim = createSimulator({ lookup, keys: KEYS, errorMode: 'forced_correction', timeScale: 0.5,
    target, clock: () => 1010, setTimer: (fn, ms) => timers.push([fn, ms]) });
  sim.setBlock(4);
  sim.onOnset(trialFixture({ index: 2 }), { time: 1000, method: 'paint' });
  assert.equal(timers[0][1], 1000 + 402 * 0.5 - 1010);
  timers[0][0]();
  sim.onInstruction();
  timers[1][0]();
  assert.deepEqual(keys, ['i', ' ']);
});
