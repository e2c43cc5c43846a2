/**
 * Stops what a run started, newest first, whichever way the run ends: normally, by an error, or
 * by a signal. Calls during a cleanup share it: a terminal's Ctrl-C can deliver SIGINT and then
 * npm's SIGTERM, and exiting when the second call finds nothing left would cut the first short.
 */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  private running: Promise<void> | undefined;

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch (error) {
        console.error('cleanup step failed:', error instanceof Error ? error.message : error);
      }
    }
  }
}
