// The category tree is served whole (GET /v1/categories) and each product's categories carry
// their paths, so its size is bounded where it is written: a taxonomy deeper or larger than
// this is a data problem, not a shop (Google's product taxonomy is 7 levels, about 5,600 nodes).

/** Levels from a root category down to the deepest, inclusive. */
export const MAX_CATEGORY_DEPTH = 10;

/** Categories in the whole tree. */
export const MAX_CATEGORIES = 10_000;

/** The longest category path: `MAX_CATEGORY_DEPTH` handles of up to 100 characters, joined by `/`. */
export const MAX_CATEGORY_PATH_LENGTH = MAX_CATEGORY_DEPTH * 101 - 1;
