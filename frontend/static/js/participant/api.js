// The participant API, authorised by the invitation token. Errors become ApiError with a kind
// the page can explain; fetch is injected for tests.

const BASE = '/api/v1/participant';

export function errorKind(status) {
  if (status === 0) return 'offline';
  if (status === 401 || status === 404 || status === 410) return 'link';
  if (status === 409 || status === 422) return 'conflict';
  return 'server';
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.kind = errorKind(status);
  }
}

const query = (name, value) => (value == null ? '' : `?${new URLSearchParams({ [name]: value })}`);

export function createApi(token, fetchFn = (...args) => fetch(...args)) {
  function raw(method, path, body) {
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetchFn(BASE + path, { method, headers, cache: 'no-store', body: body && JSON.stringify(body) });
  }
  async function call(method, path, body) {
    const response = await raw(method, path, body).catch(() => { throw new ApiError(0, 'network'); });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data && data.detail);
    return data;
  }
  // For the upload queues: the bare HTTP status (a network failure rejects).
  const status = (path) => async (index, body) => ({ status: (await raw('PUT', `${path}/${index}`, body)).status });

  return {
    session: (lang = null) => call('GET', `/session${query('lang', lang)}`),
    consent: (language, accept) => call('POST', '/consent', { language, accept }),
    start: (modality, uaClass, simulate = null) => call('POST', `/start${query('simulate', simulate)}`,
      { input_modality: modality, user_agent_class: uaClass }),
    plan: (simulate = null) => call('GET', `/plan${query('simulate', simulate)}`),
    skip: (reason) => call('POST', '/skip', { reason: reason || null }),
    questionnaire: () => call('GET', '/questionnaire'),
    finish: () => call('POST', '/finish'),
    end: () => call('GET', '/end'),
    withdraw: () => call('POST', '/withdraw'),
    data: () => call('GET', '/data'),
    putBlock: status('/blocks'),
    putPage: status('/questionnaire/pages'),
  };
}
