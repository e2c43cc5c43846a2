/**
 * Splits `total` minor units across parts in proportion to `weights`, so that the parts add up
 * to `total` exactly: the largest-remainder method. Each part is first the floor of its exact
 * share; the units left over go one each to the parts whose exact shares lost the most to the
 * floor (ties: the earlier part, so the result never depends on anything but the input order).
 *
 * Each part is the floor or the ceiling of its exact share, so when `total` is at most the sum
 * of the weights no part exceeds its weight: a discount never takes a line below zero.
 * With all weights zero there is nothing to share in proportion to, and `total` must be 0.
 */
export function allocateByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`cannot allocate ${total}`);
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`invalid weight ${weight}`);
  }
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) {
    if (total !== 0) throw new RangeError(`cannot allocate ${total} across parts that weigh nothing`);
    return weights.map(() => 0);
  }
  const bigTotal = BigInt(total);
  const parts = weights.map((weight) => {
    const exact = bigTotal * BigInt(weight);
    return { floor: exact / weightSum, remainder: exact % weightSum };
  });
  let leftOver = bigTotal - parts.reduce((sum, part) => sum + part.floor, 0n);
  const byRemainder = parts
    .map((part, index) => ({ index, remainder: part.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const result = parts.map((part) => part.floor);
  for (const { index } of byRemainder) {
    if (leftOver === 0n) break;
    result[index] = (result[index] ?? 0n) + 1n;
    leftOver -= 1n;
  }
  return result.map(Number);
}
