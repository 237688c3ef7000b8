import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule, FakeTarget, memoryStorage, tick } from './fakes.mjs';

const { backoffDelay, createUploadQueue } = await engineModule('queue.js');

const KEY = 'iat-upload:s1';

// send() answers from a script of statuses ('net' = a rejected fetch); records what it sent.
function scriptedSend(script) {
  const sent = [];
  const send = async (item) => {
    sent.push(item.id);
    const next = script.length ? script.shift() : 200;
    if (next === 'net') throw new TypeError('Failed to fetch');
    return { status: next };
  };
  return { sent, send };
}

function manualTimer() {
  const timer = { pending: [], cleared: 0 };
  timer.set = (fn, ms) => { timer.pending.push({ fn, ms }); return timer.pending.length; };
  timer.clear = () => { timer.cleared += 1; timer.pending.length = 0; };
  timer.fire = async () => {
    const due = timer.pending.splice(0);
    due.forEach(({ fn }) => fn());
    await tick();
  };
  return timer;
}

function makeQueue(storage, send, extra = {}) {
  const events = { acked: [], errors: [] };
  const timer = manualTimer();
  const queue = createUploadQueue({
    storage, key: KEY, send, timer, baseDelayMs: 1000, maxDelayMs: 8000, random: () => 1,
    onAck: (item) => events.acked.push(item.id), onError: (e) => events.errors.push(e), ...extra,
  });
  return { queue, timer, events };
}

test('backoffDelay doubles up to the cap, jittered within its upper half', () => {
  const opts = { baseMs: 1000, maxMs: 8000 };
  assert.deepEqual([0, 1, 2, 3, 4, 9].map((a) => backoffDelay(a, { ...opts, random: () => 1 })),
    [1000, 2000, 4000, 8000, 8000, 8000]);
  assert.equal(backoffDelay(2, { ...opts, random: () => 0 }), 2000);
});

test('blocks are sent in order and leave storage once acknowledged', async () => {
  const storage = memoryStorage();
  const { sent, send } = scriptedSend([]);
  const { queue, events } = makeQueue(storage, send);
  queue.enqueue('block-1', { block_index: 1 });
  await queue.enqueue('block-2', { block_index: 2 });
  assert.deepEqual(sent, ['block-1', 'block-2']);
  assert.deepEqual(events.acked, ['block-1', 'block-2']);
  assert.equal(storage.getItem(KEY), null);
});

test('failures back off exponentially and never let a later block overtake', async () => {
  const storage = memoryStorage();
  const { sent, send } = scriptedSend([503, 'net', 500, 500, 500, 201]);
  const { queue, timer, events } = makeQueue(storage, send);
  await queue.enqueue('block-1', { block_index: 1 });
  await queue.enqueue('block-2', { block_index: 2 });
  const delays = [];
  while (timer.pending.length) {
    delays.push(timer.pending[0].ms);
    await timer.fire();
  }
  assert.deepEqual(delays, [2000, 4000, 8000, 8000]);
  assert.deepEqual(sent, ['block-1', 'block-1', 'block-1', 'block-1', 'block-1', 'block-1', 'block-2']);
  assert.deepEqual(events.acked, ['block-1', 'block-2']);
  assert.deepEqual(events.errors, []);
});

test('queued blocks survive a reload: a new instance sends them in order', async () => {
  const storage = memoryStorage();
  const offline = scriptedSend(['net', 'net', 'net']);
  const first = makeQueue(storage, offline.send);
  await first.queue.enqueue('block-1', { trials: [1] });
  await first.queue.enqueue('block-2', { trials: [2] });
  assert.deepEqual(JSON.parse(storage.getItem(KEY)).map((i) => i.id), ['block-1', 'block-2']);

  const online = scriptedSend([]);
  const second = makeQueue(storage, online.send);
  assert.deepEqual(second.queue.pendingIds(), ['block-1', 'block-2']);
  await second.queue.flush();
  assert.deepEqual(online.sent, ['block-1', 'block-2']);
  assert.equal(storage.getItem(KEY), null);
});

test('an acknowledged block is not sent again, and a block id is queued once', async () => {
  const storage = memoryStorage();
  const { sent, send } = scriptedSend(['net', 'net']);
  const { queue, timer, events } = makeQueue(storage, send);
  await queue.enqueue('block-1', { v: 1 });
  await queue.enqueue('block-1', { v: 1 });
  assert.deepEqual(queue.pendingIds(), ['block-1']);
  await timer.fire();
  assert.deepEqual(events.acked, ['block-1']);
  assert.equal(timer.pending.length, 0);
  const again = makeQueue(storage, send);
  await again.queue.flush();
  assert.deepEqual(sent, ['block-1', 'block-1', 'block-1'], 'nothing left to send after the ack');
});

test('409 surfaces a conflict, keeps the block aside and goes on with the next', async () => {
  const storage = memoryStorage();
  const { sent, send } = scriptedSend([409]);
  const { queue, events } = makeQueue(storage, send);
  queue.enqueue('block-1', { v: 1 });
  await queue.enqueue('block-2', { v: 2 });
  assert.deepEqual(sent, ['block-1', 'block-2']);
  assert.deepEqual(events.errors.map((e) => [e.kind, e.status, e.item.id]), [['conflict', 409, 'block-1']]);
  assert.deepEqual(JSON.parse(storage.getItem(`${KEY}:conflicts`)).map((i) => i.id), ['block-1']);
  assert.deepEqual(events.acked, ['block-2']);
});

test('a refused upload (422) is reported and still retried', async () => {
  const { sent, send } = scriptedSend([422]);
  const { queue, timer, events } = makeQueue(memoryStorage(), send);
  await queue.enqueue('block-1', {});
  assert.deepEqual(events.errors.map((e) => [e.kind, e.status]), [['rejected', 422]]);
  assert.equal(queue.isRetrying(), true);
  await timer.fire();
  assert.deepEqual(sent, ['block-1', 'block-1']);
  assert.deepEqual(events.acked, ['block-1']);
});

test('coming back online retries at once with the backoff reset', async () => {
  const { sent, send } = scriptedSend(['net', 'net', 'net', 'net']);
  const { queue, timer } = makeQueue(memoryStorage(), send);
  const win = new FakeTarget();
  const stop = queue.listenOnline(win);
  await queue.enqueue('block-1', {});
  await timer.fire();
  assert.equal(timer.pending[0].ms, 2000);
  win.fire('online');
  await tick();
  assert.equal(sent.length, 3);
  assert.equal(timer.pending[0].ms, 1000, 'backoff started afresh');
  stop();
  assert.equal(win.count('online'), 0);
});

test('a storage that throws does not stop the uploads', async () => {
  const storage = memoryStorage();
  storage.setItem = () => { throw new Error('QuotaExceededError'); };
  const { sent, send } = scriptedSend([]);
  const { queue, events } = makeQueue(storage, send);
  await queue.enqueue('block-1', {});
  assert.deepEqual(sent, ['block-1']);
  assert.equal(events.errors[0].kind, 'storage');
});

test('a send function that throws counts as a network failure', async () => {
  const timer = manualTimer();
  const queue = createUploadQueue({
    storage: memoryStorage(), key: KEY, timer, random: () => 1,
    send: () => { throw new TypeError('bad URL'); },
  });
  await queue.enqueue('block-1', {});
  assert.equal(queue.isRetrying(), true);
  assert.deepEqual(queue.pendingIds(), ['block-1']);
});

test('database down: 503 answers keep every block stored, report nothing, and retry', async () => {
  const storage = memoryStorage();
  const { sent, send } = scriptedSend([503, 503, 503]);
  const { queue, timer, events } = makeQueue(storage, send);
  await queue.enqueue('block-1', { block_index: 1 });
  await queue.enqueue('block-2', { block_index: 2 });
  assert.deepEqual(JSON.parse(storage.getItem(KEY)).map((i) => i.id), ['block-1', 'block-2']);
  assert.ok(queue.isRetrying());
  while (timer.pending.length) await timer.fire();
  assert.deepEqual(sent, ['block-1', 'block-1', 'block-1', 'block-1', 'block-2']);
  assert.deepEqual(events.acked, ['block-1', 'block-2']);
  assert.deepEqual(events.errors, []);
  assert.equal(storage.getItem(KEY), null);
});

test('discard() forgets queued and conflicting items and sends nothing more, even in flight', async () => {
  const storage = memoryStorage({ [`${KEY}:conflicts`]: '[{"id":"block-1","body":{}}]' });
  let answer;
  const sent = [];
  const send = (item) => { sent.push(item.id); return new Promise((resolve) => { answer = resolve; }); };
  const { queue, timer, events } = makeQueue(storage, send);
  queue.enqueue('block-2', { block_index: 2 });
  queue.enqueue('block-3', { block_index: 3 });
  await tick();
  queue.discard();
  answer({ status: 409 }); // block-2 was in flight: its answer changes nothing any more
  await tick();
  await queue.enqueue('block-4', {});
  await timer.fire();
  assert.deepEqual(sent, ['block-2']);
  assert.deepEqual(queue.pendingIds(), []);
  assert.deepEqual([...storage.data.keys()], []);
  assert.deepEqual(events.errors, []);
});
