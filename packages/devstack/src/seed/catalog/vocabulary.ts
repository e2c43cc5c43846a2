/** The words the demo catalog is made of: a plausible apparel-and-home shop. */

export interface CategorySeed {
  handle: string;
  name: string;
  parent?: string;
  /** Nouns of products in this category, and the options their variants vary by. */
  products?: {
    nouns: readonly string[];
    options: readonly ('size' | 'colour' | 'shoeSize' | 'capacity')[];
    basePrice: [number, number];
  };
}

export const CATEGORY_TREE: readonly CategorySeed[] = [
  { handle: 'apparel', name: 'Apparel' },
  {
    handle: 't-shirts',
    name: 'T-Shirts',
    parent: 'apparel',
    products: { nouns: ['T-Shirt', 'Tee', 'Tank Top'], options: ['size', 'colour'], basePrice: [1500, 4500] },
  },
  {
    handle: 'shirts',
    name: 'Shirts',
    parent: 'apparel',
    products: {
      nouns: ['Oxford Shirt', 'Flannel Shirt', 'Linen Shirt', 'Polo'],
      options: ['size', 'colour'],
      basePrice: [3500, 9000],
    },
  },
  {
    handle: 'hoodies',
    name: 'Hoodies & Sweatshirts',
    parent: 'apparel',
    products: {
      nouns: ['Hoodie', 'Sweatshirt', 'Zip Hoodie'],
      options: ['size', 'colour'],
      basePrice: [4500, 11000],
    },
  },
  {
    handle: 'jeans',
    name: 'Jeans & Trousers',
    parent: 'apparel',
    products: {
      nouns: ['Jeans', 'Chinos', 'Cargo Trousers', 'Joggers'],
      options: ['size', 'colour'],
      basePrice: [5000, 14000],
    },
  },
  {
    handle: 'jackets',
    name: 'Jackets',
    parent: 'apparel',
    products: {
      nouns: ['Rain Jacket', 'Denim Jacket', 'Puffer Jacket', 'Overshirt'],
      options: ['size', 'colour'],
      basePrice: [8000, 25000],
    },
  },
  { handle: 'footwear', name: 'Footwear' },
  {
    handle: 'sneakers',
    name: 'Sneakers',
    parent: 'footwear',
    products: {
      nouns: ['Sneaker', 'Runner', 'High-Top'],
      options: ['shoeSize', 'colour'],
      basePrice: [6000, 18000],
    },
  },
  {
    handle: 'boots',
    name: 'Boots',
    parent: 'footwear',
    products: {
      nouns: ['Chelsea Boot', 'Hiking Boot', 'Work Boot'],
      options: ['shoeSize'],
      basePrice: [9000, 26000],
    },
  },
  { handle: 'accessories', name: 'Accessories' },
  {
    handle: 'bags',
    name: 'Bags',
    parent: 'accessories',
    products: {
      nouns: ['Backpack', 'Tote Bag', 'Duffel Bag', 'Crossbody Bag'],
      options: ['colour'],
      basePrice: [2500, 16000],
    },
  },
  {
    handle: 'hats',
    name: 'Hats',
    parent: 'accessories',
    products: { nouns: ['Beanie', 'Cap', 'Bucket Hat'], options: ['colour'], basePrice: [1500, 4500] },
  },
  {
    handle: 'socks',
    name: 'Socks',
    parent: 'accessories',
    products: {
      nouns: ['Crew Socks', 'Ankle Socks', 'Wool Socks'],
      options: ['size', 'colour'],
      basePrice: [800, 2500],
    },
  },
  { handle: 'home', name: 'Home' },
  {
    handle: 'mugs',
    name: 'Mugs & Bottles',
    parent: 'home',
    products: {
      nouns: ['Mug', 'Travel Mug', 'Water Bottle'],
      options: ['capacity', 'colour'],
      basePrice: [1200, 4000],
    },
  },
  {
    handle: 'posters',
    name: 'Posters & Prints',
    parent: 'home',
    products: { nouns: ['Poster', 'Art Print', 'Canvas'], options: ['size'], basePrice: [1500, 9000] },
  },
];

export const COLLECTIONS = [
  { handle: 'new-in', title: 'New in', description: 'The latest arrivals.' },
  { handle: 'bestsellers', title: 'Bestsellers', description: 'What everyone is buying.' },
  { handle: 'summer-sale', title: 'Summer sale', description: 'Reduced for a limited time.' },
  { handle: 'gifts-under-50', title: 'Gifts under 50', description: 'Small presents, big smiles.' },
] as const;

export const OPTION_VALUES = {
  size: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
  shoeSize: ['38', '39', '40', '41', '42', '43', '44', '45'],
  colour: ['Black', 'White', 'Navy', 'Grey', 'Olive', 'Sand', 'Burgundy', 'Sky Blue', 'Forest Green', 'Rust'],
  capacity: ['250 ml', '350 ml', '500 ml', '750 ml'],
} as const;

export const OPTION_NAMES = {
  size: 'size',
  shoeSize: 'size',
  colour: 'colour',
  capacity: 'capacity',
} as const;

export const ADJECTIVES = [
  'Classic',
  'Essential',
  'Heritage',
  'Everyday',
  'Organic',
  'Relaxed',
  'Slim',
  'Vintage',
  'Heavyweight',
  'Lightweight',
  'Merino',
  'Recycled',
  'Premium',
  'Trail',
  'Urban',
  'Coastal',
  'Alpine',
  'Studio',
  'Weekend',
  'Field',
] as const;

export const MATERIALS = [
  'Cotton',
  'Linen',
  'Wool',
  'Denim',
  'Canvas',
  'Fleece',
  'Leather',
  'Hemp',
  'Bamboo',
  'Corduroy',
  'Twill',
  'Jersey',
  'Ceramic',
  'Steel',
  'Paper',
] as const;

export const VENDORS = [
  'Northwind Goods',
  'Harbor & Pine',
  'Atelier Nord',
  'Kestrel Outdoor',
  'Fieldnote Supply',
  'Loom Lab',
  'Stone Orchard',
  'Bluebird Mills',
  'Old Quarry Co.',
  'Meridian Works',
] as const;

export const TAGS = [
  'organic',
  'recycled',
  'vegan',
  'bestseller',
  'limited-edition',
  'gift',
  'unisex',
  'made-in-portugal',
  'fair-trade',
  'waterproof',
  'machine-washable',
  'new',
] as const;

export const DESCRIPTION_SENTENCES = [
  'Cut for an easy fit that works from morning to evening.',
  'Made from carefully sourced materials that soften with every wear.',
  'Finished with reinforced seams so it lasts for years.',
  'Designed in our studio and produced in small batches.',
  'A wardrobe staple that pairs with everything.',
  'Garment-dyed for a lived-in look from day one.',
  'Breathable, durable and easy to care for.',
  'Every detail considered, nothing superfluous.',
] as const;
