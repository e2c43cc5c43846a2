/** The OpenAPI tag of the cart routes. */
export const CART_TAG = 'Carts';
