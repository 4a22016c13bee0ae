import { parentPort, workerData } from 'node:worker_threads';
import { CommissionSnapshots, servesOthers } from './commissions/commission-snapshots.js';
import { projectionsWith } from './projections.js';
import { Projector } from './projector.js';
import type { ProjectorThreadSettings, ThreadReply, ThreadRequest } from './projector-thread.js';
import { openReadModels } from './read-models-database.js';
import { openStore, sendableError } from './scratch-build.js';

/**
 * The service's projector thread (ProjectorThread is the API's side): its own connections to the log and the read
 * models, the commission engine's snapshots, and the projector following the log from the start.
 */
// Batches and the API's questions go on while a snapshot loads: in slices, as on the API's thread.
servesOthers();
const settings = workerData as ProjectorThreadSettings;
const port = parentPort!;
const send = (reply: ThreadReply) => port.postMessage(reply);
const store = openStore(settings.store);
const db = openReadModels(settings.readModelsPath);
const snapshots =
  settings.snapshots &&
  new CommissionSnapshots({
    ...settings.snapshots,
    warn: (message) => send({ type: 'log', context: 'Snapshots', message }),
    // Folded and written by a snapshot worker of their own: written here, in slices between batches, a snapshot of
    // a million events held this thread's batches 200-330 ms each time (docs/decisions.md).
    worker: { store: settings.store },
  });
const projector = new Projector({
  store,
  db,
  projections: projectionsWith(snapshots ? { snapshots } : {}),
  label: settings.label,
  // Rebuilds and recomputations build in worker threads of their own, as on the API's thread.
  worker: { store: settings.store },
  pollIntervalMs: settings.pollIntervalMs,
  ...(settings.wakeSpacing ? { wakeSpacing: settings.wakeSpacing } : {}),
  ...(settings.batchSize ? { batchSize: settings.batchSize } : {}),
});
projector.start();

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'stop') void stop();
  else void answer(request);
});

async function answer(call: Extract<ThreadRequest, { type: 'call' }>): Promise<void> {
  try {
    const value = await perform(call);
    send({ type: 'reply', id: call.id, value, rebuild: projector.rebuildStatus() });
  } catch (error) {
    send({ type: 'reply', id: call.id, error: sendableError(error), rebuild: projector.rebuildStatus() });
  }
}

async function perform(call: Extract<ThreadRequest, { type: 'call' }>): Promise<unknown> {
  switch (call.method) {
    case 'status':
      return projector.status();
    case 'projectionReports':
      return projector.projectionReports();
    case 'runUntilCaughtUp':
      return projector.runUntilCaughtUp();
    case 'startRebuild': {
      const { done } = await projector.startRebuild(call.only ? { only: call.only } : {});
      const rebuilt = (error?: unknown) =>
        send({
          type: 'rebuilt',
          id: call.id,
          rebuild: projector.rebuildStatus(),
          ...(error === undefined ? {} : { error: sendableError(error) }),
        });
      done.then(() => rebuilt(), rebuilt);
      return undefined;
    }
  }
}

/** As the service's shutdown did on its own thread: the projector, then a snapshot under way, then the files. */
async function stop(): Promise<void> {
  await projector.stop();
  await snapshots?.close();
  await store.close();
  db.close();
  port.close();
}
