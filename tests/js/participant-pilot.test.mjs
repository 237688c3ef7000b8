// The pilot answers the page's questions for the timing harness and the simulation (pilot.js).

import test from 'node:test';
import assert from 'node:assert/strict';

const { createPilot } = await import(
  new URL('../../frontend/static/js/participant/pilot.js', import.meta.url));

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('unarmed, the pilot never answers', async () => {
  const pilot = createPilot();
  let answered = false;
  pilot.answer('consent').then(() => { answered = true; });
  await tick();
  assert.equal(answered, false);
  assert.equal(pilot.armed, false);
});

test('arming answers the questions already waiting and later ones at once', async () => {
  const pilot = createPilot();
  const waiting = pilot.answer('device');
  pilot.arm({ consent: true, device: 'keyboard' });
  assert.equal(await waiting, 'keyboard');
  assert.equal(await pilot.answer('consent'), true);
  assert.equal(pilot.armed, true);
});
