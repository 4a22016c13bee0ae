import { JwtService } from '@nestjs/jwt';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { planSeed, type PlannedStep } from '../../apps/ledger/src/cli/seed/seed-plan.js';
import { chainsOf, runBounded, takeByDayAndPhase } from '../../apps/ledger/src/cli/seed/seed-runner.js';
import { sendableSteps, soakRequestOf, type SoakRequest } from './soak-requests.js';
import { sleep } from './soak-service.js';

/** What the clients saw: acknowledged commands, refusals by status, 5xx (none allowed), waits through restarts. */
export interface LoadTally {
  readonly acknowledged: { key: string; stream: string }[];
  readonly refusedByCode: Map<string, number>;
  /** Refusals the plan does not expect, by status and code (the plan expects only conflicting approvals). */
  readonly unexpectedByCode?: Map<string, number>;
  /** The first few refusals of each code, with the request, so unexpected ones can be explained. */
  readonly refusalExamples?: Map<string, string[]>;
  readonly serverErrors: string[];
  /** 503 answers (with Retry-After) retried, and connection failures retried while the service was down. */
  unavailable: number;
  connectionRetries: number;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly secret: string;
  /** Commands per second, across all clients. */
  readonly rate: number;
  readonly concurrency: number;
  readonly from: string;
  readonly until: () => boolean;
}

/** Sends the seed's plans (seed 1, 2, ...) over HTTP at a steady rate until `until()` answers true. */
export async function runLoad(options: LoadOptions, tally: LoadTally): Promise<void> {
  const jwt = new JwtService({ secret: options.secret });
  const tokens = new Map<string, string>();
  const tokenOf = (claims: SoakRequest['claims']) => {
    const token = tokens.get(claims.sub) ?? jwt.sign({ ...claims }, { expiresIn: '12h' });
    tokens.set(claims.sub, token);
    return token;
  };
  let slot = Date.now();
  const paced = async () => {
    slot = Math.max(slot + 1000 / options.rate, Date.now());
    await sleep(slot - Date.now());
  };
  const send = async (planned: PlannedStep) => {
    const request = soakRequestOf(planned);
    if (!request || options.until()) return;
    await paced();
    await sendUntilAnswered(options.baseUrl, request, tokenOf(request.claims), tally);
  };
  for (let seed = 1; !options.until(); seed += 1) {
    const plan = planSeed({ seed, from: options.from, quarters: 2, events: 3000 });
    for (const [, , steps] of takeByDayAndPhase(sendableSteps(plan.steps))) {
      if (options.until()) return;
      await runBounded([...chainsOf(steps).values()], options.concurrency, async (chain) => {
        for (const planned of chain) await send(planned);
      });
    }
  }
}

/**
 * Sends one command with its key until the service answers: a refused connection (the service is killed)
 * or a 503 (restarting) is retried with the same key, so a command sent twice is replayed, not applied twice.
 */
export async function sendUntilAnswered(
  baseUrl: string,
  request: SoakRequest,
  token: string,
  tally: LoadTally,
): Promise<void> {
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${request.path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': request.key,
        },
        body: JSON.stringify(request.body),
      });
    } catch {
      tally.connectionRetries += 1;
      await sleep(100);
      continue;
    }
    const text = await response.text();
    if (response.status === 503 && response.headers.has('retry-after')) {
      tally.unavailable += 1;
      await sleep(250);
    } else if (response.status >= 500) {
      tally.serverErrors.push(`${request.path} answered ${response.status}: ${text.slice(0, 300)}`);
      return;
    } else if (response.ok) {
      const key = clientIdempotencyKey(request.claims.sub, request.key);
      tally.acknowledged.push({ key: request.step ? `${key}:${request.step}` : key, stream: request.stream });
      return;
    } else {
      const refusal = `${response.status} ${codeOf(text)}`;
      tally.refusedByCode.set(refusal, (tally.refusedByCode.get(refusal) ?? 0) + 1);
      if (!request.expect?.includes(codeOf(text)) && tally.unexpectedByCode) {
        tally.unexpectedByCode.set(refusal, (tally.unexpectedByCode.get(refusal) ?? 0) + 1);
      }
      const examples = tally.refusalExamples?.get(refusal) ?? [];
      if (examples.length < 5) examples.push(`${request.key} ${request.path}: ${text.slice(0, 200)}`);
      tally.refusalExamples?.set(refusal, examples);
      return;
    }
  }
}

function codeOf(body: string): string {
  try {
    const { error } = JSON.parse(body) as { error?: unknown };
    return typeof error === 'string' ? error : 'NO_CODE';
  } catch {
    return 'NOT_JSON';
  }
}
