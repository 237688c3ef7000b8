// Participant API client: bearer token, JSON bodies, error mapping (api.js).

import test from 'node:test';
import assert from 'node:assert/strict';

const { createApi, errorKind, ApiError } = await import(
  new URL('../../frontend/static/js/participant/api.js', import.meta.url));

function fakeFetch(status, body) {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push({ url, init });
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return { calls, fetchFn };
}

test('error kinds: offline, link, conflict, server', () => {
  assert.equal(errorKind(0), 'offline');
  for (const status of [401, 404, 410]) assert.equal(errorKind(status), 'link');
  for (const status of [409, 422]) assert.equal(errorKind(status), 'conflict');
  for (const status of [500, 502, 503, 418]) assert.equal(errorKind(status), 'server');
});

test('every call sends the token as a bearer and JSON bodies', async () => {
  const { calls, fetchFn } = fakeFetch(200, { state: 'consented' });
  const api = createApi('tok-1', fetchFn);
  await api.consent('en', true);
  assert.equal(calls[0].url, '/api/v1/participant/consent');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer tok-1');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[0].init.body), { language: 'en', accept: true });
});

test('query parameters only when given', async () => {
  const { calls, fetchFn } = fakeFetch(200, {});
  const api = createApi('t', fetchFn);
  await api.session();
  await api.session('fr');
  await api.plan(0.02);
  await api.start('touch', 'mobile-blink-touch', null);
  assert.deepEqual(calls.map((c) => c.url), [
    '/api/v1/participant/session',
    '/api/v1/participant/session?lang=fr',
    '/api/v1/participant/plan?simulate=0.02',
    '/api/v1/participant/start',
  ]);
  assert.deepEqual(JSON.parse(calls[3].init.body),
    { input_modality: 'touch', user_agent_class: 'mobile-blink-touch' });
});

test('an error answer becomes an ApiError with its status, kind and detail', async () => {
  const { fetchFn } = fakeFetch(409, { error: 'Conflict', detail: 'not possible now' });
  const api = createApi('t', fetchFn);
  await assert.rejects(api.finish(), (error) => error instanceof ApiError
    && error.status === 409 && error.kind === 'conflict' && error.message === 'not possible now');
});

test('a network failure is an offline ApiError', async () => {
  const api = createApi('t', async () => { throw new TypeError('Failed to fetch'); });
  await assert.rejects(api.session(), (error) => error.kind === 'offline' && error.status === 0);
});

test('putBlock and putPage give the queues the bare status of a PUT', async () => {
  const { calls, fetchFn } = fakeFetch(409, { error: 'Conflict' });
  const api = createApi('t', fetchFn);
  assert.deepEqual(await api.putBlock(3, { trials: [] }), { status: 409 });
  assert.deepEqual(await api.putPage(2, { answers: [] }), { status: 409 });
  assert.deepEqual(calls.map((c) => [c.init.method, c.url]), [
    ['PUT', '/api/v1/participant/blocks/3'],
    ['PUT', '/api/v1/participant/questionnaire/pages/2'],
  ]);
  assert.deepEqual(JSON.parse(calls[0].init.body), { trials: [] });
});

test('a GET sends no body', async () => {
  const { calls, fetchFn } = fakeFetch(200, {});
  await createApi('t', fetchFn).end();
  assert.equal(calls[0].init.body, undefined);
  assert.equal(calls[0].init.headers['Content-Type'], undefined);
});
