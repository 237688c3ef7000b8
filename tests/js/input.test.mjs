import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule, FakeTarget } from './fakes.mjs';

const { keyboardResponse, listenContinue, listenTouch, sideOfKey } = await engineModule('input.js');
const KEYS = { left: 'e', right: 'i' };

test('sideOfKey maps the plan keys, ignoring case', () => {
  assert.deepEqual(['e', 'E', 'i', 'I', 'x', ' ', undefined].map((k) => sideOfKey(k, KEYS)),
    ['left', 'left', 'right', 'right', null, null, null]);
});

test('keyboardResponse takes event.timeStamp and drops repeats and chords', () => {
  const ev = { key: 'E', timeStamp: 812.345, isTrusted: true, repeat: false };
  assert.deepEqual(keyboardResponse(ev, KEYS, 813.1), {
    side: 'left', key: 'e', timeStamp: 812.345, handlerNow: 813.1, isTrusted: true, modality: 'keyboard',
  });
  assert.equal(keyboardResponse({ ...ev, repeat: true }, KEYS, 0), null);
  assert.equal(keyboardResponse({ ...ev, altKey: true }, KEYS, 0), null);
  assert.equal(keyboardResponse({ ...ev, metaKey: true }, KEYS, 0), null);
  assert.equal(keyboardResponse({ ...ev, key: 'Shift' }, KEYS, 0), null);
});

test('touch zones answer with pointerdown event.timeStamp and the side key', () => {
  const zones = { left: new FakeTarget(), right: new FakeTarget() };
  const got = [];
  const stop = listenTouch(zones, KEYS, (r) => got.push(r), () => 99);
  const ev = zones.right.fire('pointerdown', { timeStamp: 55.5 });
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(got, [{ side: 'right', key: 'i', timeStamp: 55.5, handlerNow: 99, isTrusted: true, modality: 'touch' }]);
  stop();
  assert.equal(zones.left.count('pointerdown') + zones.right.count('pointerdown'), 0);
});

// An element as seen by closest(): `matches` says which selector parts it is.
const element = (isControl) => ({ closest: (selector) => (isControl && selector.includes('button') ? {} : null) });

test('a screen is left by space, or by a click on its button, never by a touch that scrolls', () => {
  const win = new FakeTarget();
  const button = new FakeTarget();
  const got = [];
  const stop = listenContinue(win, (r) => got.push(r.timeStamp), () => 0, button);
  button.fire('pointerdown', { timeStamp: 10 });  // a swipe starts on the button: no click follows
  win.fire('keydown', { key: ' ', timeStamp: 20, target: element(true) });  // space on a focused control
  win.fire('keydown', { key: ' ', timeStamp: 30, repeat: true, target: element(false) });
  assert.deepEqual(got, []);
  button.fire('click', { timeStamp: 40 });
  const space = win.fire('keydown', { key: ' ', timeStamp: 50, target: element(false) });
  assert.deepEqual(got, [40, 50]);
  assert.equal(space.defaultPrevented, true);
  stop();
  assert.equal(win.count('keydown') + button.count('click'), 0);
});
