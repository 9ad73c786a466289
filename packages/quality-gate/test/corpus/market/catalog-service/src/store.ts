export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

export const products = new Map<string, Product>([
  ['tea-001', { sku: 'tea-001', name: 'Sencha 100g', priceCents: 1290, stock: 40 }],
  ['tea-002', { sku: 'tea-002', name: 'Assam 250g', priceCents: 1890, stock: 12 }],
]);

export function updatePrice(sku: string, priceCents: number): { previous: number; product: Product } | undefined {
  const product = products.get(sku);
  if (!product) return undefined;
  const previous = product.priceCents;
  products.set(sku, { ...product, priceCents });
  return { previous, product: products.get(sku) as Product };
}

export function reserveStock(sku: string, qty: number): void {
  const product = products.get(sku);
  if (product) products.set(sku, { ...product, stock: product.stock - qty });
}

export function removeProduct(sku: string): boolean {
  return products.delete(sku);
}
