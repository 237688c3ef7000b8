// Test doubles for the engine's injected dependencies (not a test file itself).

export const ENGINE = new URL('../../frontend/static/js/iat/', import.meta.url);

export function engineModule(name) {
  return import(new URL(name, ENGINE));
}

export const tick = () => new Promise((resolve) => setImmediate(resolve));

export class FakeTarget {
  constructor(props = {}) {
    Object.assign(this, props);
    this.listeners = new Map();
  }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
  }
  removeEventListener(type, fn) {
    this.listeners.get(type)?.delete(fn);
  }
  count(type) {
    return this.listeners.get(type)?.size ?? 0;
  }
  fire(type, props = {}) {
    const event = { type, defaultPrevented: false, isTrusted: true, ...props };
    event.preventDefault = () => { event.defaultPrevented = true; };
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn(event);
    return event;
  }
}

// A settable clock plus manual rAF and timer queues.
export function fakeTime(start = 1000) {
  const time = { now: start, frames: [], timers: [] };
  time.clock = () => time.now;
  time.raf = (fn) => { time.frames.push(fn); };
  time.frame = (ts) => {
    const due = time.frames.splice(0);
    due.forEach((fn) => fn(ts));
  };
  time.setTimer = (fn, ms) => { time.timers.push({ fn, ms }); return time.timers.length; };
  time.runTimers = () => time.timers.splice(0).forEach(({ fn }) => fn());
  return time;
}

export function fakePerformanceObserver(supported = true) {
  return class FakePO {
    static supportedEntryTypes = supported ? ['element', 'paint'] : ['paint'];
    static last = null;
    constructor(callback) {
      this.callback = callback;
      FakePO.last = this;
    }
    observe(options) {
      this.options = options;
    }
    static emit(identifier, renderTime) {
      FakePO.last.callback({ getEntries: () => [{ identifier, renderTime, loadTime: 0 }] });
    }
  };
}

export function fakeDisplay() {
  const calls = [];
  const record = (name) => (...args) => { calls.push([name, ...args]); };
  return {
    calls,
    names: () => calls.map((call) => call[0]),
    showStimulus: record('showStimulus'),
    clearStimulus: record('clearStimulus'),
    showError: record('showError'),
    hideError: record('hideError'),
    showLabels: record('showLabels'),
    hideLabels: record('hideLabels'),
    showInstruction: record('showInstruction'),
    hideInstruction: record('hideInstruction'),
  };
}

export function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => { data.set(key, String(value)); },
    removeItem: (key) => { data.delete(key); },
  };
}
