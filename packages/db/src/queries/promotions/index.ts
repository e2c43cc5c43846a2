export { insertPromotion, type NewPromotion } from './create';
export { findPromotionByCode } from './find-by-code';
export {
  holdPromotions,
  releaseLapsedPromotionHolds,
  releasePromotionHolds,
  takeOverPromotionHolds,
} from './holds';
export { listPromotions, type PromotionListPage } from './list';
export { type RedemptionRefusal, type RefusedRedemption, redeemPromotions } from './redeem';
export { shopCurrencies } from './shop-currencies';
export { lockPromotion, type PromotionChanges, updatePromotion } from './update';
export { type PromotionMoney, type PromotionView, promotionViewJson, readPromotion } from './view';
