// Stimulus-onset capture on the performance.now() timebase (DESIGN §4).
//
// Onset = Element Timing renderTime of the freshly inserted stimulus element ('paint').
// Where no renderTime arrives, performance.now() read inside the first requestAnimationFrame
// callback after the DOM change ('rafNow'). The rAF timestamp argument is recorded for the
// timing hook only: in Chromium it can be a stale frame time, 5-15 ms early.

export const PAINT_WAIT_MS = 250;

export function now() {
  return performance.now();
}

export function supportsElementTiming(PO = globalThis.PerformanceObserver) {
  return Boolean(PO && (PO.supportedEntryTypes || []).includes('element'));
}

// One PerformanceObserver for the page; hands each element's renderTime to whoever waits for
// its identifier. Entries that arrive before anyone waits are kept until asked for.
export function createPaintTracker(PO = globalThis.PerformanceObserver) {
  const supported = supportsElementTiming(PO);
  const seen = new Map();
  const waiting = new Map();
  function deliver(identifier, time) {
    const resolve = waiting.get(identifier);
    if (resolve) {
      waiting.delete(identifier);
      resolve(time);
    } else {
      seen.set(identifier, time);
    }
  }
  if (supported) {
    new PO((list) => {
      for (const entry of list.getEntries()) {
        deliver(entry.identifier, entry.renderTime || entry.loadTime);
      }
    }).observe({ type: 'element', buffered: true });
  }
  return {
    supported,
    deliver,
    // Resolves with the renderTime of `identifier`; never resolves if no entry comes.
    paintOf(identifier) {
      if (seen.has(identifier)) {
        const time = seen.get(identifier);
        seen.delete(identifier);
        return Promise.resolve(time);
      }
      return new Promise((resolve) => waiting.set(identifier, resolve));
    },
  };
}

export function emptyStamps() {
  return { dom: null, raf: null, rafNow: null, raf2: null, paint: null, used: null };
}

// Pick the onset from the stamps known when the onset becomes final.
export function chooseOnset(stamps) {
  if (stamps.paint != null) return { time: stamps.paint, method: 'paint' };
  if (stamps.rafNow != null) return { time: stamps.rafNow, method: 'rafNow' };
  return null;
}

// Call synchronously right after inserting the stimulus element, in the same task, so the rAF
// callback runs in the first frame that contains it. `stamps` is filled in place (the timing hook
// shares the object); `onStamp` is called after each change. Resolves with {time, method} once
// the onset is final: after raf2 and paint, or PAINT_WAIT_MS after raf2 without paint.
export function captureOnset(identifier, stamps, deps) {
  const { paints, raf, clock, setTimer, onStamp = () => {}, paintWaitMs = PAINT_WAIT_MS } = deps;
  stamps.dom = clock();
  return new Promise((resolve) => {
    let final = false;
    function settle(force) {
      if (final || stamps.raf2 == null) return;
      if (!force && paints.supported && stamps.paint == null) return;
      final = true;
      const onset = chooseOnset(stamps);
      stamps.used = onset.method;
      resolve(onset);
    }
    raf((ts) => {
      stamps.rafNow = clock();
      stamps.raf = ts;
      onStamp();
      raf((ts2) => {
        stamps.raf2 = ts2;
        onStamp();
        settle(false);
        if (!final) setTimer(() => settle(true), paintWaitMs);
      });
    });
    if (paints.supported) {
      // A paint arriving after the deadline is still recorded for diagnostics; `used` stays.
      paints.paintOf(identifier).then((time) => {
        stamps.paint = time;
        onStamp();
        settle(false);
      });
    }
  });
}
