import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTarget, memoryStorage, tick } from './fakes.mjs';

const { createUploads } = await import(new URL('../../frontend/static/js/participant/uploads.js', import.meta.url));

const KEY = 'iat-upload:s1';

// A window whose timers only run when told to, and an API answering from a script.
async function setup(statuses) {
  const timers = [];
  const win = new FakeTarget({
    navigator: { onLine: true },
    setTimeout: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
    clearTimeout: () => {},
  });
  const sent = [];
  const api = {
    putBlock: async (index) => {
      sent.push(index);
      return { status: statuses.length ? statuses.shift() : 200 };
    },
  };
  const problems = [];
  const waiting = [];
  const storage = memoryStorage();
  const uploads = createUploads({
    api, storage, key: KEY, win,
    onWaiting: (on) => waiting.push(on),
    onProblem: (problem) => problems.push(problem),
  });
  const runTimers = async () => { timers.splice(0).forEach(({ fn }) => fn()); await tick(); };
  await tick(); // the start-up flush of an empty queue settles
  return { uploads, sent, problems, storage, runTimers };
}

test('drained() resolves once every block is acknowledged', async () => {
  const { uploads, sent, storage } = await setup([200, 200]);
  uploads.add(1, [{ trial_index: 1 }]);
  uploads.add(2, [{ trial_index: 1 }]);
  await tick();
  await uploads.drained();
  assert.deepEqual(sent, [1, 2]);
  assert.equal(storage.getItem(KEY), null);
});

test('a block refused for good makes drained() throw the refusal, and stays queued', async () => {
  const { uploads, problems, storage } = await setup([410]);
  uploads.add(1, [{ trial_index: 1 }]);
  await tick();
  await assert.rejects(uploads.drained(), (error) => error.status === 410 && error.kind === 'link');
  assert.equal(problems[0].kind, 'rejected');
  assert.deepEqual(JSON.parse(storage.getItem(KEY)).map((item) => item.id), ['block-1']);
});

test('a refusal no longer counts once the block is accepted on a retry', async () => {
  const { uploads, sent, runTimers } = await setup([422, 200]);
  uploads.add(1, [{ trial_index: 1 }]);
  await tick();
  await runTimers(); // the backoff retry
  await uploads.drained();
  assert.deepEqual(sent, [1, 1]);
});

test('server errors and lost connections are waited out, not thrown', async () => {
  const { uploads, sent, runTimers } = await setup([503, 500]);
  uploads.add(1, [{ trial_index: 1 }]);
  await tick();
  const done = uploads.drained();
  await runTimers(); // retry after 503
  await runTimers(); // retry after 500, then drained()'s own 200 ms wait
  await runTimers();
  await done;
  assert.deepEqual(sent, [1, 1, 1]);
});
