// Upload queue for finished blocks (DESIGN §3): kept in storage (localStorage) under a
// per-session key, sent strictly in order, retried with exponential backoff until acknowledged,
// resumed after a reload or when the browser comes back online. fetch and storage are injected.
//
// send(item) → Promise<{status}>; a rejected promise counts as a network failure.
// 2xx acknowledges the item (the server stores blocks idempotently, so a resend after a lost
// answer is harmless). 409 means the server already holds this block with other data: the item
// leaves the queue, is kept under `<key>:conflicts`, and onError reports it. Anything else is
// retried; a 4xx that is not 408/429 is also reported, so the page can tell the participant.

export function backoffDelay(attempt, { baseMs, maxMs, random }) {
  const full = Math.min(maxMs, baseMs * 2 ** attempt);
  return full / 2 + (full / 2) * random();
}

function isRetryable(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

function readList(storage, key) {
  const raw = storage.getItem(key);
  return raw ? JSON.parse(raw) : [];
}

export function createUploadQueue({
  storage, key, send, onAck = () => {}, onError = () => {},
  timer = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) },
  baseDelayMs = 1000, maxDelayMs = 60000, random = Math.random,
}) {
  let items = [];
  let attempt = 0;
  let retryTimer = null;
  let inFlight = null;

  function persist(storageKey, list) {
    try {
      if (list.length) storage.setItem(storageKey, JSON.stringify(list));
      else storage.removeItem(storageKey);
    } catch (error) {
      onError({ kind: 'storage', error });
    }
  }
  function keepConflict(item) {
    try {
      const list = readList(storage, `${key}:conflicts`);
      list.push(item);
      storage.setItem(`${key}:conflicts`, JSON.stringify(list));
    } catch (error) {
      onError({ kind: 'storage', error });
    }
  }
  try {
    items = readList(storage, key);
  } catch (error) {
    onError({ kind: 'storage', error });
  }

  async function sendHead() {
    const head = items[0];
    let status = 0;
    try {
      status = (await send(head)).status;
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) {
      items.shift();
      persist(key, items);
      attempt = 0;
      onAck(head);
      return true;
    }
    if (status === 409) {
      items.shift();
      persist(key, items);
      keepConflict(head);
      onError({ kind: 'conflict', status, item: head });
      return true;
    }
    if (!isRetryable(status)) onError({ kind: 'rejected', status, item: head });
    retryTimer = timer.set(() => { retryTimer = null; flush(); },
      backoffDelay(attempt, { baseMs: baseDelayMs, maxMs: maxDelayMs, random }));
    attempt += 1;
    return false;
  }

  // Sends queued items in order until one fails (then a retry is scheduled) or none are left.
  function flush() {
    if (inFlight) return inFlight;
    if (retryTimer !== null) {
      timer.clear(retryTimer);
      retryTimer = null;
    }
    inFlight = (async () => {
      while (items.length && (await sendHead()));
    })().finally(() => { inFlight = null; });
    return inFlight;
  }

  return {
    // id: stable per block (e.g. 'block-3'); an id already queued is not queued twice.
    enqueue(id, body) {
      if (items.some((item) => item.id === id)) return flush();
      items.push({ id, body });
      persist(key, items);
      return flush();
    },
    flush,
    // Back online: retry now, with the backoff started afresh.
    resume() {
      attempt = 0;
      return flush();
    },
    listenOnline(win) {
      const handler = () => this.resume();
      win.addEventListener('online', handler);
      return () => win.removeEventListener('online', handler);
    },
    pendingIds() {
      return items.map((item) => item.id);
    },
    isRetrying() {
      return retryTimer !== null;
    },
  };
}
