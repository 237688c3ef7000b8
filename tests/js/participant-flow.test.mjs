// Step sequencing, resume point and screen building of the participant page (flow.js).

import test from 'node:test';
import assert from 'node:assert/strict';

const flow = await import(new URL('../../frontend/static/js/participant/flow.js', import.meta.url));

test('first step follows the server next_step; consent starts with the language', () => {
  assert.equal(flow.firstStep({ next_step: 'consent' }), 'language');
  for (const step of ['device', 'iat', 'questionnaire', 'end', 'declined', 'withdrawn']) {
    assert.equal(flow.firstStep({ next_step: step }), step);
  }
  assert.equal(flow.firstStep({ next_step: 'something-new' }), 'end');
});

test('after the test: questionnaire when the campaign has one, else finish', () => {
  assert.equal(flow.stepAfterTest({ has_questionnaire: true }), 'questionnaire');
  assert.equal(flow.stepAfterTest({ has_questionnaire: false }), 'finish');
});

test('resume starts after the stored blocks and after the blocks still queued here', () => {
  assert.equal(flow.resumeBlock(0, [], 7), 1);
  assert.equal(flow.resumeBlock(3, [], 7), 4);
  assert.equal(flow.resumeBlock(3, ['block-4', 'block-5'], 7), 6);
  assert.equal(flow.resumeBlock(5, ['block-4'], 7), 6); // acked meanwhile: the server wins
  assert.equal(flow.resumeBlock(2, ['block-3', 'junk', 'block-99'], 7), 4);
  assert.equal(flow.resumeBlock(7, [], 7), 8);
  assert.equal(flow.resumeBlock(4, ['block-7'], 7), 8);
});

test('block ids round-trip through resumeBlock', () => {
  assert.equal(flow.resumeBlock(0, [flow.blockId(1), flow.blockId(2)], 7), 3);
});

test('storage key hides the token and is stable', () => {
  const key = flow.storageKey('secret-token-abc');
  assert.match(key, /^iat-upload:[0-9a-f]{8}$/);
  assert.ok(!key.includes('secret'));
  assert.equal(key, flow.storageKey('secret-token-abc'));
  assert.notEqual(key, flow.storageKey('secret-token-abd'));
  assert.equal(flow.storageKey('secret-token-abc', 'iat-questionnaire'),
    key.replace('iat-upload', 'iat-questionnaire'));
});

test('simulation scale only when allowed and in (0, 1]', () => {
  assert.equal(flow.simulationScale('?simulate=0.02', true), 0.02);
  assert.equal(flow.simulationScale('?simulate=1', true), 1);
  assert.equal(flow.simulationScale('?simulate=0.02', false), null);
  assert.equal(flow.simulationScale('?simulate=0', true), null);
  assert.equal(flow.simulationScale('?simulate=2', true), null);
  assert.equal(flow.simulationScale('?simulate=abc', true), null);
  assert.equal(flow.simulationScale('?lang=en', true), null);
});

test('user agent class is coarse', () => {
  const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
  assert.equal(flow.userAgentClass(chrome, false), 'desktop-blink');
  assert.equal(flow.userAgentClass(iphone, true), 'mobile-webkit-touch');
  assert.equal(flow.userAgentClass(firefox, false), 'desktop-gecko');
  assert.ok(flow.userAgentClass('x'.repeat(500), true).length <= 40);
});

const TEXTS = {
  intro: ['Intro 1', 'Intro 2'],
  error_hint: 'Red X: press the other key.',
  pause_title: 'Short break',
  pause: 'Breathe.',
  focus_lost: 'Keep this window in front.',
  blocks: [1, 2].map((index) => ({
    index,
    progress: `Block ${index} of 7`,
    instructions: [`Instructions ${index}`],
    reminder: `Reminder ${index}`,
    start: 'Press space',
  })),
};

test('block screen: progress title, intro before block 1 only, reminder and error rule', () => {
  const first = flow.blockScreen(TEXTS, { index: 1 });
  assert.equal(first.title, 'Block 1 of 7');
  assert.deepEqual(first.paragraphs,
    ['Intro 1', 'Intro 2', 'Instructions 1', 'Reminder 1', 'Red X: press the other key.']);
  assert.equal(first.continueText, 'Press space');
  const second = flow.blockScreen(TEXTS, { index: 2 });
  assert.deepEqual(second.paragraphs, ['Instructions 2', 'Reminder 2', 'Red X: press the other key.']);
});

test('pause screen mentions a lost focus only when it happened', () => {
  assert.deepEqual(flow.pauseScreen(TEXTS, false), { title: 'Short break', paragraphs: ['Breathe.'] });
  assert.deepEqual(flow.pauseScreen(TEXTS, true).paragraphs, ['Keep this window in front.', 'Breathe.']);
});
