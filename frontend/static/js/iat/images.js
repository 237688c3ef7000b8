// Pictures of a block, fetched and decoded before the block starts: a trial's <img> then paints
// in the frame after its insertion, and Element Timing's renderTime of that paint is its onset.
// The decoded images are kept (one Image per address) so the browser keeps them in memory.

export function createPicturePreloader(win) {
  const kept = new Map();
  function load(src) {
    if (!kept.has(src)) {
      const img = new win.Image();
      img.src = src;
      kept.set(src, img.decode().then(() => img));
    }
    return kept.get(src);
  }
  return {
    // Resolves when every picture of `block` is decoded; rejects if one cannot be.
    preload(block) {
      const sources = new Set(block.trials.filter((t) => t.image_src).map((t) => t.image_src));
      return Promise.all([...sources].map(load));
    },
  };
}
