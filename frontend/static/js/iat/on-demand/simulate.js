// Simulation mode (demo and test only): the page answers its own trials with the latencies the
// server simulated, by dispatching synthetic keydowns at onset + latency × timeScale.
// Timing accuracy is irrelevant here; the events go through the normal input path.

export const CORRECTION_MS = 300;

// When (ms after onset, already scaled) to press which key. sim: {latency_ms, error,
// first_latency_ms?}. For an error trial the wrong key comes first, at first_latency_ms (or
// latency_ms); with forced correction the correct key follows at latency_ms (or CORRECTION_MS
// after the wrong one when the server gave a single latency).
export function simulatedPresses(trial, sim, { keys, errorMode, timeScale = 1 }) {
  if (!sim.error) return [{ atMs: sim.latency_ms * timeScale, key: trial.correct_key }];
  const wrongKey = trial.correct_side === 'left' ? keys.right : keys.left;
  const firstMs = sim.first_latency_ms ?? sim.latency_ms;
  const presses = [{ atMs: firstMs * timeScale, key: wrongKey }];
  if (errorMode === 'forced_correction') {
    const finalMs = sim.latency_ms > firstMs ? sim.latency_ms : firstMs + CORRECTION_MS;
    presses.push({ atMs: finalMs * timeScale, key: trial.correct_key });
  }
  return presses;
}

function dispatchKey(target, key) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

// lookup(blockIndex, trialIndex) → sim. Call onOnset from the engine once a trial's onset is
// final, onInstruction when a screen waits for space.
export function createSimulator({ lookup, keys, errorMode, timeScale, target, clock, setTimer,
  continueMs = 400 }) {
  let blockIndex = null;
  return {
    setBlock(index) {
      blockIndex = index;
    },
    onOnset(trial, onset) {
      const sim = lookup(blockIndex, trial.index);
      for (const press of simulatedPresses(trial, sim, { keys, errorMode, timeScale })) {
        const wait = Math.max(0, onset.time + press.atMs - clock());
        setTimer(() => dispatchKey(target, press.key), wait);
      }
    },
    onInstruction() {
      setTimer(() => dispatchKey(target, ' '), continueMs * timeScale);
    },
  };
}
