import { jest } from '@jest/globals';
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Projector, type ProjectorStatus } from '#read-models';
import { EVENT_STORE, RELAY } from '../common/tokens.js';
import { HealthController, terminusModule } from './health.controller.js';

/** The controller over a projector that reports `status`, and a store whose head is 100. */
async function controllerWith(status: ProjectorStatus): Promise<HealthController> {
  const module = await Test.createTestingModule({
    imports: [terminusModule],
    controllers: [HealthController],
    providers: [
      { provide: EVENT_STORE, useValue: { headPosition: () => Promise.resolve(100n) } },
      { provide: Projector, useValue: { status: () => Promise.resolve(status) } },
      { provide: RELAY, useValue: null },
    ],
  }).compile();
  return module.get(HealthController);
}

const caughtUp: ProjectorStatus = {
  position: 100n,
  headPosition: 100n,
  lag: 0n,
  healthy: true,
  writer: true,
  keeper: 'the ledger service on 127.0.0.1:3000 (pid 7 on host)',
  failed: [],
};

async function refusalOf(status: ProjectorStatus): Promise<unknown> {
  const refused = await (await controllerWith(status)).ready().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(ServiceUnavailableException);
  return (refused as ServiceUnavailableException).getResponse();
}

describe('GET /health (readiness)', () => {
  it('is ready when the read models are at the head and nothing is starting', async () => {
    const health = await controllerWith(caughtUp);
    await expect(health.ready()).resolves.toMatchObject({ status: 'ok' });
  });

  it.each(['restoring memory', 'catching up'] as const)(
    'is not ready while the projector is starting (%s), even with its checkpoints at the head',
    async (starting) => {
      await expect(refusalOf({ ...caughtUp, starting })).resolves.toMatchObject({
        status: 'error',
        error: { projector: { status: 'down', starting } },
      });
    },
  );

  it('is not ready when no process keeps the read models, even with its checkpoints at the head', async () => {
    const { keeper: _kept, ...unkept } = caughtUp;
    await expect(refusalOf({ ...unkept, writer: false })).resolves.toMatchObject({
      error: { projector: { status: 'down', keeper: null, error: expect.stringContaining('projector role') } },
    });
  });

  it('is ready when another process keeps the read models', async () => {
    const health = await controllerWith({ ...caughtUp, writer: false });
    await expect(health.ready()).resolves.toMatchObject({ info: { projector: { keeper: caughtUp.keeper } } });
  });

  it('logs a refusal while starting as information, and any other refusal as an error', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await expect((await controllerWith({ ...caughtUp, starting: 'catching up' })).ready()).rejects.toThrow();
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('"starting":"catching up"'));
      expect(failed).not.toHaveBeenCalled();
      const failure = { name: 'commissions', position: '7', error: 'boom' };
      await expect(
        (await controllerWith({ ...caughtUp, healthy: false, failed: [failure] })).ready(),
      ).rejects.toThrow();
      expect(failed).toHaveBeenCalledWith(expect.stringContaining('commissions'));
    } finally {
      logged.mockRestore();
      failed.mockRestore();
    }
  });
});
