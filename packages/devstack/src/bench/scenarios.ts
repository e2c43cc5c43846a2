/** One benchmarked request. Append to SCENARIOS to measure a new route; nothing else changes. */
export interface Scenario {
  name: string;
  /** Which Worker answers: the API, or the hello-world baseline served by the same workerd. */
  target: 'api' | 'baseline';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Any other status is counted and reported as unexpected, never folded into the averages. */
  expectStatus: number;
  description: string;
}

export const BASELINE: Scenario = {
  name: 'baseline',
  target: 'baseline',
  method: 'GET',
  path: '/',
  expectStatus: 200,
  description: "hello-world Worker returning new Response('ok'): the runtime's own cost",
};

export const SCENARIOS: readonly Scenario[] = [
  BASELINE,
  {
    name: 'health',
    target: 'api',
    method: 'GET',
    path: '/v1/health',
    expectStatus: 200,
    description: 'full middleware stack plus one `select 1` through the Neon driver and the bridge',
  },
];

/**
 * Picks scenarios whose name contains any of the filters. The baseline always runs: every other
 * figure is reported as a ratio to it.
 */
export function selectScenarios(filters: string[], all: readonly Scenario[] = SCENARIOS): Scenario[] {
  if (filters.length === 0) return [...all];
  const unmatched = filters.filter((filter) => !all.some((scenario) => scenario.name.includes(filter)));
  if (unmatched.length > 0) {
    throw new Error(
      `No scenario matches ${unmatched.join(', ')}; known: ${all.map((scenario) => scenario.name).join(', ')}.`,
    );
  }
  return all.filter(
    (scenario) => scenario.target === 'baseline' || filters.some((filter) => scenario.name.includes(filter)),
  );
}
