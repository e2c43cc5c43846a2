/** The OpenAPI tag of the order routes. */
export const ORDER_TAG = 'Orders';
