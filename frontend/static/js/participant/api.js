// The participant API (/api/v1/participant), authorised by the invitation token. Errors become
// ApiError with a kind the page can explain; fetch is injected for tests.

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

function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== null && v !== undefined);
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

export function createApi(token, fetchFn = (...args) => fetch(...args)) {
  const headers = { Authorization: `Bearer ${token}` };

  async function raw(method, path, body) {
    const init = { method, headers: { ...headers }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetchFn(BASE + path, init);
  }

  async function call(method, path, body) {
    let response;
    try {
      response = await raw(method, path, body);
    } catch {
      throw new ApiError(0, 'network');
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data && data.detail);
    return data;
  }

  return {
    session: (lang = null) => call('GET', `/session${query({ lang })}`),
    consent: (language, accept) => call('POST', '/consent', { language, accept }),
    start: (modality, uaClass, simulate = null) => call('POST', `/start${query({ simulate })}`,
      { input_modality: modality, user_agent_class: uaClass }),
    plan: (simulate = null) => call('GET', `/plan${query({ simulate })}`),
    skip: (reason) => call('POST', '/skip', { reason: reason || null }),
    finish: () => call('POST', '/finish'),
    end: () => call('GET', '/end'),
    questionnaire: () => call('GET', '/questionnaire'),
    savePage: (index, body) => call('PUT', `/questionnaire/pages/${index}`, body),
    withdraw: () => call('POST', '/withdraw'),
    data: () => call('GET', '/data'),
    // For the upload queue: the HTTP status only (a network failure rejects).
    putBlock: async (index, body) => ({ status: (await raw('PUT', `/blocks/${index}`, body)).status }),
  };
}
