// The read-only timing test hook `window.__iatTiming`, version 1
// (contract: shared/tools/timing/README.md). Only the stamps the engine takes anyway.

import { emptyStamps } from './clock.js';

function announce(target, type, trial) {
  if (typeof target.dispatchEvent === 'function' && typeof CustomEvent === 'function') {
    target.dispatchEvent(new CustomEvent('iat-timing', { detail: { type, trial } }));
  }
}

export function createTimingHook(target = globalThis) {
  const state = { version: 1, clock: 'performance.now', trials: [] };
  target.__iatTiming = state;
  function push(kind, stimulus, expectedKey) {
    const entry = {
      index: state.trials.length, kind, stimulus, expectedKey,
      onset: emptyStamps(), onsetReady: false, response: null,
    };
    state.trials.push(entry);
    return entry;
  }
  return {
    state,
    // Push synchronously when the stimulus is inserted; the engine fills entry.onset in place.
    pushStimulus(stimulus, expectedKey) {
      return push('stimulus', stimulus, expectedKey);
    },
    pushInstruction(title) {
      return push('instruction', title, ' ');
    },
    markReady(entry) {
      entry.onsetReady = true;
      announce(target, 'onset', entry);
    },
    // The first accepted response of the entry; later ones (a correction) are not the contract's.
    setResponse(entry, response, rt) {
      if (entry.response) return;
      entry.response = {
        key: response.key, eventTimeStamp: response.timeStamp,
        handlerNow: response.handlerNow, isTrusted: response.isTrusted, rt,
      };
      announce(target, 'response', entry);
    },
  };
}

// Same interface, records nothing: for pages served without the timing hook.
export function disabledTimingHook() {
  const entry = () => ({ onset: emptyStamps(), onsetReady: false, response: null });
  return {
    state: null,
    pushStimulus: entry,
    pushInstruction: entry,
    markReady() {},
    setResponse() {},
  };
}
