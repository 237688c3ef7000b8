// Pictures of a block, fetched and decoded before the block starts. The page of a study with
// pictures loads this module, which offers `window.iatPictures(block)` to the test step (the
// preview imports `preload`). Each picture trial gets `picture`, a decoded <img> that the
// display clones: the fresh clone paints in the frame after its insertion, and Element Timing's
// renderTime of that paint is its onset. One decoded image per address is kept, so the browser
// keeps it in memory.

const kept = new Map();

function addStyles(doc) {
  if (doc.querySelector('link[href$="/pictures.css"]')) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/static/css/pictures.css';
  doc.head.append(link);
}

function load(win, trial) {
  if (!kept.has(trial.image_src)) {
    const img = new win.Image();
    img.className = `iat-stim iat-stim--${trial.kind}`;
    img.src = trial.image_src;
    kept.set(trial.image_src, img.decode().then(() => img));
  }
  return kept.get(trial.image_src).then((img) => {
    trial.picture = img.cloneNode();
    trial.picture.alt = trial.text;
  });
}

// Resolves when every picture of `block` is decoded; rejects if one cannot be.
export function preload(win, block) {
  addStyles(win.document);
  return Promise.all(block.trials.filter((t) => t.image_src).map((t) => load(win, t)));
}

globalThis.iatPictures = (block) => preload(globalThis, block);
