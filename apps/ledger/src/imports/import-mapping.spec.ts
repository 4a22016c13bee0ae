import { convertCrmDeals, crmDealColumns } from './crm-deals.js';
import { parseImportLines } from './import-lines.js';

const header = crmDealColumns.join(',');

describe('parseImportLines', () => {
  it('numbers lines as the file does, blank ones included, and refuses what is not a command line', () => {
    const text = [
      '{"key":"k1","method":"POST","path":"/partners","body":{}}',
      '',
      '{"key":"k2","method":"GET","path":"/partners"}',
      '{"key":"k3","method":"POST","path":"/admin/projections/rebuild"}',
      '{"key":"k4","method":"POST","path":"/deals","extra":1}',
      '{"key":"bad key","method":"POST","path":"/deals"}',
      'not json',
    ].join('\n');
    const parsed = parseImportLines(text);
    expect(parsed.map((line) => ('command' in line ? line.command.line : line.refused.line))).toEqual([
      1, 3, 4, 5, 6, 7,
    ]);
    const fields = parsed.flatMap((line) =>
      'refused' in line ? [(line.refused.details as { fields: Array<{ field: string }> }).fields[0]!.field] : [],
    );
    expect(fields).toEqual(['method', 'path', 'extra', 'key', 'line']);
  });
});

describe('convertCrmDeals', () => {
  it('makes one open per deal and one win with all its product lines, won deals only', () => {
    const csv = [
      header,
      'd1,Globex,globex.com,acme:sourcing:1,EUR,1.08,2026-01-05,2026-02-02,one_time,,A,platform,100.00,0.1',
      'd1,Globex,globex.com,acme:sourcing:1,EUR,1.08,2026-01-05,2026-02-02,one_time,,B,services,50.00,',
      'd2,Hooli,hooli.com,acme:sourcing:1,USD,,2026-01-05,,one_time,,A,platform,10.00,',
    ].join('\n');
    const { commands, errors } = convertCrmDeals(csv);
    expect(errors).toEqual([]);
    expect(commands.map((command) => JSON.parse(command.ndjson) as { key: string })).toEqual([
      expect.objectContaining({ key: 'crm-deal:d1:open', path: '/deals' }),
      {
        key: 'crm-deal:d1:win',
        method: 'POST',
        path: '/deals/d1/win',
        body: {
          lines: [
            { sku: 'A', family: 'platform', amount: '100.00', discount: '0.1' },
            { sku: 'B', family: 'services', amount: '50.00' },
          ],
          fxRate: '1.08',
          billing: 'one_time',
          wonAt: '2026-02-02',
        },
      },
      expect.objectContaining({ key: 'crm-deal:d2:open' }),
    ]);
    expect(commands.map((command) => command.rows)).toEqual([[2], [2, 3], [4]]);
  });

  it('names the row and column of what the mapping cannot read, and converts nothing of that deal', () => {
    const csv = [
      header,
      'd1,Globex,globex.com,acme:sourcing:1,USD,,2026-01-05,2026-02-02,one_time,,A,platform,100.00,',
      'd1,Globex,globex.com,acme:sourcing:1,EUR,,2026-01-05,2026-02-02,one_time,,B,platform,100.00,',
      'd2,Hooli,hooli.com,acme-sourcing-1,USD,,2026-01-05,,one_time,,A,platform,10.00,',
    ].join('\n');
    const { commands, errors } = convertCrmDeals(csv);
    expect(commands).toEqual([]);
    expect(errors).toEqual([
      { row: 3, column: 'currency', message: 'differs from row 2 of the same deal' },
      { row: 4, column: 'partners', message: 'must read partnerId:role:share, separated by |' },
    ]);
    // A quoted cell over two lines is one spreadsheet row, and an empty line is one too.
    const spanning = [header, 'd3,"Initech\nEMEA",initech.com,acme-sourcing-1,USD,,2026-01-05,,one_time,,A,p,1.00,', '']
      .concat(['d4,Hooli,hooli.com,acme-sourcing-1,USD,,2026-01-05,,one_time,,A,platform,10.00,'])
      .join('\n');
    expect(convertCrmDeals(spanning).errors.map((error) => error.row)).toEqual([2, 4]);
    expect(convertCrmDeals('deal_id,amount\nd1,1').errors).toEqual([
      expect.objectContaining({ row: 1, message: 'missing column(s)' }),
    ]);
  });
});
