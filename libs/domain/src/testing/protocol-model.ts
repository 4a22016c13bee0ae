import { DomainError } from '../errors.js';

/** Runs one read-decide-append: a refusal (a DomainError) is returned, anything else thrown. */
export function attempt(run: () => unknown): DomainError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/**
 * A model of the application layer for protocol properties: the requests in flight (`processes`), each
 * advanced one step at a time by `step`; a scheduler picks which one moves next, or abandons one half-way
 * (a crash).
 */
export abstract class ProtocolModel<Process> {
  processes: Process[] = [];

  /** Advances a request by one step; returns false when it has finished. */
  abstract step(process: Process): boolean;

  /** Runs a request from start to end with nothing interleaved: a retry that does not crash. */
  runToEnd(process: Process): void {
    while (this.step(process));
  }

  /** The request in flight the scheduler picked (`index` modulo their number), if any is. */
  picked(index: number): Process | undefined {
    return this.processes.length === 0 ? undefined : this.processes[index % this.processes.length];
  }

  /** Advances a request by one step, and forgets it once it has finished. */
  advance(process: Process): void {
    if (!this.step(process)) this.processes = this.processes.filter((other) => other !== process);
  }

  /** Abandons the picked request half-way: a crash. */
  crash(index: number): void {
    if (this.processes.length > 0) this.processes.splice(index % this.processes.length, 1);
  }
}
