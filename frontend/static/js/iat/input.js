// Responses: keydown (keys from the plan) or pointerdown on two on-screen zones (touch mode).
// The response time is event.timeStamp, never a clock read in the handler (DESIGN §4);
// handlerNow is kept only for the timing hook.

export function sideOfKey(key, keys) {
  const k = typeof key === 'string' ? key.toLowerCase() : '';
  if (k === keys.left) return 'left';
  if (k === keys.right) return 'right';
  return null;
}

// A keydown as a response, or null when it is not one (auto-repeat, chord, unmapped key).
export function keyboardResponse(event, keys, handlerNow) {
  if (event.repeat || event.ctrlKey || event.altKey || event.metaKey) return null;
  const side = sideOfKey(event.key, keys);
  if (!side) return null;
  return {
    side, key: keys[side], timeStamp: event.timeStamp, handlerNow,
    isTrusted: event.isTrusted, modality: 'keyboard',
  };
}

export function listenKeyboard(target, keys, onResponse, clock) {
  function handle(event) {
    const handlerNow = clock();
    const response = keyboardResponse(event, keys, handlerNow);
    if (!response) return;
    event.preventDefault();
    onResponse(response);
  }
  target.addEventListener('keydown', handle, true);
  return () => target.removeEventListener('keydown', handle, true);
}

// zones: {left: Element, right: Element}. The response carries the key of its side so records
// look alike in both modalities; input_modality tells them apart.
export function listenTouch(zones, keys, onResponse, clock) {
  const stops = ['left', 'right'].map((side) => {
    function handle(event) {
      const handlerNow = clock();
      event.preventDefault();
      onResponse({
        side, key: keys[side], timeStamp: event.timeStamp, handlerNow,
        isTrusted: event.isTrusted, modality: 'touch',
      });
    }
    zones[side].addEventListener('pointerdown', handle);
    return () => zones[side].removeEventListener('pointerdown', handle);
  });
  return () => stops.forEach((stop) => stop());
}

// Space on a focused control (the bar's link, a dialog's button) is that control's.
function isForControl(event) {
  const target = event.target;
  return Boolean(target && target.closest && target.closest('button, a[href], input, select, textarea'));
}

// Space (not auto-repeated) or a click on `button` leaves a screen. A click, not a pointerdown:
// a touch that becomes a scroll never clicks, so swiping to read never starts a block.
export function listenContinue(target, onContinue, clock, button = null) {
  function onKey(event) {
    const handlerNow = clock();
    if (event.repeat || event.key !== ' ' || isForControl(event)) return;
    event.preventDefault();
    onContinue({ key: ' ', timeStamp: event.timeStamp, handlerNow, isTrusted: event.isTrusted });
  }
  function onClick(event) {
    const handlerNow = clock();
    onContinue({ key: ' ', timeStamp: event.timeStamp, handlerNow, isTrusted: event.isTrusted });
  }
  target.addEventListener('keydown', onKey, true);
  if (button) button.addEventListener('click', onClick);
  return () => {
    target.removeEventListener('keydown', onKey, true);
    if (button) button.removeEventListener('click', onClick);
  };
}

// Calls onLost when the window loses focus or the document becomes hidden (also at once when it
// is hidden already: then no visibilitychange would come).
export function listenAttention(win, doc, onLost) {
  function onVisibility() {
    if (doc.visibilityState === 'hidden') onLost('hidden');
  }
  function onBlur() {
    onLost('blur');
  }
  win.addEventListener('blur', onBlur);
  doc.addEventListener('visibilitychange', onVisibility);
  onVisibility();
  return () => {
    win.removeEventListener('blur', onBlur);
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
