const CATALOG_URL = process.env.CATALOG_URL ?? 'http://catalog-service:3000';
const SERVICE_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMtc2VydmljZSIsInNjb3BlIjoiY2F0YWxvZzpyZWFkIiwiaWF0IjoxNzY3MjI1NjAwfQ.Qm9ndXNTaWduYXR1cmVGb3JDb3JwdXNPbmx5MDA4';

export interface CatalogProduct {
  sku: string;
  priceCents: number;
}

export async function lookupProduct(sku: string): Promise<CatalogProduct> {
  const response = await fetch(`${CATALOG_URL}/api/products/${encodeURIComponent(sku)}`, {
    headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
  });
  if (!response.ok) throw new Error(`catalog answered ${response.status}`);
  return (await response.json()) as CatalogProduct;
}
