// Upload queue for finished blocks (DESIGN §3): kept in storage under a per-session key, sent
// in order, retried with exponential backoff until acknowledged, resumed after a reload or
// when back online. send(item) → Promise<{status}> (a rejection = network failure); 2xx
// acknowledges (stores are idempotent); 409 (stored with other data) moves the item to
// `<key>:conflicts` and reports it; anything else is retried, and a 4xx but 408/429 reported.

export function backoffDelay(attempt, { baseMs, maxMs, random }) {
  const full = Math.min(maxMs, baseMs * 2 ** attempt);
  return full / 2 + (full / 2) * random();
}

function isRetryable(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

const DEFAULT_TIMER = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) };

class UploadQueue {
  #items = [];
  #attempt = 0;
  #retryTimer = null;
  #inFlight = null;
  #discarded = false;

  constructor({ storage, key, send, onAck = () => {}, onError = () => {}, timer = DEFAULT_TIMER,
    baseDelayMs = 1000, maxDelayMs = 60000, random = Math.random }) {
    Object.assign(this, { storage, key, send, onAck, onError, timer });
    this.backoff = { baseMs: baseDelayMs, maxMs: maxDelayMs, random };
    this.#items = this.#read(key);
  }

  // id: stable per block (e.g. 'block-3'); an id already queued is not queued twice.
  enqueue(id, body) {
    if (this.#discarded) return Promise.resolve();
    if (!this.#items.some((item) => item.id === id)) {
      this.#items.push({ id, body });
      this.#write(this.key, this.#items);
    }
    return this.flush();
  }

  // Sends queued items in order until one fails (a retry is then scheduled) or none are left.
  // Resolves after this attempt, not after the final acknowledgement.
  flush() {
    if (this.#discarded) return Promise.resolve();
    if (this.#inFlight) return this.#inFlight;
    if (this.#retryTimer !== null) {
      this.timer.clear(this.#retryTimer);
      this.#retryTimer = null;
    }
    this.#inFlight = (async () => {
      while (this.#items.length && (await this.#sendHead()));
    })().finally(() => { this.#inFlight = null; });
    return this.#inFlight;
  }

  // Back online: retry now, with the backoff started afresh.
  resume() {
    this.#attempt = 0;
    return this.flush();
  }

  listenOnline(win) {
    const handler = () => this.resume();
    win.addEventListener('online', handler);
    return () => win.removeEventListener('online', handler);
  }

  // After a withdrawal: send nothing more, keep nothing (conflicts included).
  discard() {
    this.#discarded = true;
    if (this.#retryTimer !== null) this.timer.clear(this.#retryTimer);
    this.#retryTimer = null;
    this.#items = [];
    this.#write(this.key, []);
    this.#write(`${this.key}:conflicts`, []);
  }

  pendingIds() {
    return this.#items.map((item) => item.id);
  }

  isRetrying() {
    return this.#retryTimer !== null;
  }

  async #sendHead() {
    const head = this.#items[0];
    const status = await Promise.resolve(head).then(this.send)
      .then((response) => response.status, () => 0);
    if (this.#discarded) return false;
    if ((status >= 200 && status < 300) || status === 409) {
      this.#items.shift();
      this.#write(this.key, this.#items);
      this.#attempt = 0;
      if (status === 409) this.#keepConflict(head);
      else this.onAck(head);
      return true;
    }
    if (!isRetryable(status)) this.onError({ kind: 'rejected', status, item: head });
    const delay = backoffDelay(this.#attempt, this.backoff);
    this.#attempt += 1;
    this.#retryTimer = this.timer.set(() => { this.#retryTimer = null; this.flush(); }, delay);
    return false;
  }

  #keepConflict(item) {
    const conflictKey = `${this.key}:conflicts`;
    this.#write(conflictKey, [...this.#read(conflictKey), item]);
    this.onError({ kind: 'conflict', status: 409, item });
  }

  #read(storageKey) {
    try {
      const raw = this.storage.getItem(storageKey);
      return raw ? JSON.parse(raw) : [];
    } catch (error) {
      this.onError({ kind: 'storage', error });
      return [];
    }
  }

  #write(storageKey, list) {
    try {
      if (list.length) this.storage.setItem(storageKey, JSON.stringify(list));
      else this.storage.removeItem(storageKey);
    } catch (error) {
      this.onError({ kind: 'storage', error });
    }
  }
}

// options: {storage, key, send, onAck?, onError?, timer?, baseDelayMs?, maxDelayMs?, random?}
export function createUploadQueue(options) {
  return new UploadQueue(options);
}
