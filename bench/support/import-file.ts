/**
 * NDJSON import lines of seeded style: partners enrolled, then deals opened with a co-sell split and won
 * (two product lines, every other deal in EUR with an fx rate), and every fourth deal partly refunded.
 * `prefix` keeps the ids and keys of two files apart. Used by bench:import and the import tests.
 */
export function importLines(count: number, prefix = 'imp'): string[] {
  const lines: string[] = [];
  const partners = Math.max(2, Math.ceil(count / 25));
  const partnerId = (index: number) => `${prefix}-p${index % partners}`;
  for (let index = 0; index < partners; index += 1) {
    const body = { partnerId: partnerId(index), name: `Partner ${index}`, kind: 'reseller', region: 'EMEA' };
    lines.push(line(`${prefix}-enroll-${index}`, '/partners', { ...body, enrolledAt: '2025-01-01' }));
  }
  for (let deal = 0; lines.length < count; deal += 1) lines.push(...dealLines(prefix, deal, partnerId));
  return lines.slice(0, count);
}

function dealLines(prefix: string, deal: number, partnerId: (index: number) => string): string[] {
  const dealId = `${prefix}-d${deal}`;
  const euro = deal % 2 === 1;
  const fx = euro ? { fxRate: '1.0850' } : {};
  const open = {
    dealId,
    customer: { name: `Customer ${deal}`, domain: `customer-${deal}-${prefix}.com` },
    partners: [
      { partnerId: partnerId(deal), role: 'sourcing', share: '0.6' },
      { partnerId: partnerId(deal + 1), role: 'influencing', share: '0.4' },
    ],
    currency: euro ? 'EUR' : 'USD',
    openedAt: '2026-01-05',
  };
  const win = {
    lines: [
      { sku: 'PLAT-12M', family: 'platform', amount: '1000.00', discount: '0.1' },
      { sku: 'SVC', family: 'services', amount: '250.00' },
    ],
    ...fx,
    billing: 'one_time',
    wonAt: '2026-02-02',
  };
  const lines = [line(`${dealId}-open`, '/deals', open), line(`${dealId}-win`, `/deals/${dealId}/win`, win)];
  if (deal % 4 === 0)
    lines.push(
      line(`${dealId}-refund`, `/deals/${dealId}/refund`, { amount: '100.00', ...fx, refundedAt: '2026-02-09' }),
    );
  return lines;
}

export function line(key: string, path: string, body: unknown): string {
  return JSON.stringify({ key, method: 'POST', path, body });
}
