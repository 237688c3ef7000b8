// Finished blocks go through the engine's localStorage queue to PUT /blocks/{i} (DESIGN §3),
// with backoff until acknowledged; the banner shows while answers wait. A refusal for good
// (4xx but 408/429) of the head block ends drained() with an ApiError the page shows.

import { createUploadQueue } from '../iat/queue.js';
import { ApiError } from './api.js';
import { blockId } from './flow.js';

export function createUploads({ api, storage, key, win, onWaiting, onProblem }) {
  let queue = null;
  let refused = null; // the last 'rejected' problem
  const update = () => onWaiting(!win.navigator.onLine || (queue.pendingIds().length > 0 && queue.isRetrying()));
  queue = createUploadQueue({
    storage, key,
    timer: { set: (fn, ms) => win.setTimeout(fn, ms), clear: (id) => win.clearTimeout(id) },
    send: (item) => api.putBlock(Number(item.id.replace('block-', '')), item.body),
    onAck: () => {
      refused = null;
      update();
    },
    onError: (problem) => {
      update();
      if (problem.kind === 'rejected') refused = problem;
      if (problem.kind !== 'storage') onProblem(problem);
    },
  });
  queue.listenOnline(win);
  win.addEventListener('offline', update);
  win.addEventListener('online', update);
  queue.flush().then(update);

  return {
    pendingIds: () => queue.pendingIds(),
    discard: () => queue.discard(),
    add(index, trials) {
      queue.enqueue(blockId(index), { trials }).then(update);
      update();
    },
    async drained() {
      while (queue.pendingIds().length) {
        update();
        if (refused?.item.id === queue.pendingIds()[0]) throw new ApiError(refused.status);
        await new Promise((resolve) => win.setTimeout(resolve, 200));
      }
      update();
    },
  };
}
