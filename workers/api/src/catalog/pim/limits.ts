/** Most items a PIM batch may carry; more is refused whole with 413 `batch_too_large`. */
export const MAX_PIM_BATCH_ITEMS = 500;
