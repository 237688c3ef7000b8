// Finished blocks go through the engine's localStorage queue to PUT /blocks/{i} (DESIGN §3),
// with backoff until acknowledged; the banner shows while answers wait.

import { createUploadQueue } from '../iat/queue.js';
import { blockId } from './flow.js';

export function createUploads({ api, storage, key, win, onWaiting, onProblem }) {
  let queue = null;
  const update = () => onWaiting(!win.navigator.onLine || (queue.pendingIds().length > 0 && queue.isRetrying()));
  queue = createUploadQueue({
    storage, key,
    send: (item) => api.putBlock(Number(item.id.replace('block-', '')), item.body),
    onAck: update,
    onError: (problem) => {
      update();
      if (problem.kind !== 'storage') onProblem(problem);
    },
  });
  queue.listenOnline(win);
  win.addEventListener('offline', update);
  win.addEventListener('online', update);
  queue.flush().then(update);

  return {
    pendingIds: () => queue.pendingIds(),
    add(index, trials) {
      queue.enqueue(blockId(index), { trials }).then(update);
      update();
    },
    // Resolves once every queued block is acknowledged (retries go on by themselves).
    async drained() {
      while (queue.pendingIds().length) {
        update();
        await new Promise((resolve) => win.setTimeout(resolve, 200));
      }
      update();
    },
  };
}
