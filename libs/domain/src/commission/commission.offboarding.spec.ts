import { Decimal, sumDecimals } from '../money.js';
import { explainLine } from './commission-explanation.js';
import { computeAll } from './commission.engine.js';
import type { ComputedCommissionLine } from './commission.types.js';
import { designRuleSet, engineSpecification, History, partner, productLine } from './testing/commission-builders.js';

const spec = engineSpecification();

/** p1 enrolled, with one 3000.00 line (60000 × 0.05) won on 2026-02-01, vesting 60 days later on 2026-04-02. */
function unvestedLine(history = new History()) {
  history.publish(designRuleSet());
  history.enroll('p1');
  history.open('d1', [partner('p1')]);
  history.win('d1', '2026-02-01', [productLine('60000.00')], { eventId: 'won' });
  return history;
}

function payableOn(lines: readonly ComputedCommissionLine[], date: string): Decimal {
  return sumDecimals(lines.filter((line) => line.vestsOn <= date).map((line) => new Decimal(line.amount)));
}

describe('offboarding settlement', () => {
  it('accelerate: vests every line not vested on the offboarding date, on that date', () => {
    const history = unvestedLine();
    spec
      .given(history.events)
      .when(history.offboard('p1', '2026-03-01', 'accelerate', 'off'))
      .then((output) => {
        expect(output.lines).toEqual([]);
        expect(output.accelerations).toEqual([
          {
            lineId: 'won:p1',
            partnerId: 'p1',
            source: expect.objectContaining({ eventId: 'off', type: 'PartnerOffboarded' }),
            offboardedAt: '2026-03-01',
            vestsOn: '2026-03-01',
            originalVestsOn: '2026-04-02',
          },
        ]);
      });
  });

  it('accelerate: the line reads vested on the offboarding date, and explains why', () => {
    const history = unvestedLine();
    history.offboard('p1', '2026-03-01', 'accelerate', 'off');
    const [line] = computeAll(history.events).lines;
    expect(line).toMatchObject({ lineId: 'won:p1', amount: '3000.00', vestsOn: '2026-03-01' });
    expect(payableOn([line!], '2026-03-01').toFixed(2)).toBe('3000.00');
    const explanation = explainLine(line!);
    expect(explanation).toContain(
      'Would have vested on 2026-04-02, 60 days (commission.holdbackDays) after the business date.',
    );
    expect(explanation.at(-1)).toBe(
      'Vesting accelerated: partner p1 was offboarded on 2026-03-01 with settlement accelerate (off, position 5), ' +
        'so the line vests on 2026-03-01.',
    );
  });

  it('accelerate: leaves lines vested before the offboarding date alone', () => {
    const history = unvestedLine();
    spec
      .given(history.events)
      .when(history.offboard('p1', '2026-04-02', 'accelerate'))
      .then((output) => expect(output.accelerations).toEqual([]));
  });

  it('forfeit_unvested: adds a forfeiture line linked to the line, vesting with it, so the pair never pays', () => {
    const history = unvestedLine();
    spec
      .given(history.events)
      .when(history.offboard('p1', '2026-03-01', 'forfeit_unvested', 'off'))
      .thenLines([
        {
          lineId: 'off:p1:won',
          kind: 'forfeiture',
          amount: '-3000.00',
          businessDate: '2026-03-01',
          vestsOn: '2026-04-02',
          dealId: 'd1',
          source: { eventId: 'off', type: 'PartnerOffboarded' },
          components: { reversal: '-3000', rounding: '0' },
          reversal: { reason: 'forfeiture', reversedLineId: 'won:p1', remainingBefore: '3000.00' },
        },
      ]);
  });

  it('forfeit_unvested: explains the forfeiture line step by step', () => {
    const history = unvestedLine();
    history.offboard('p1', '2026-03-01', 'forfeit_unvested', 'off');
    const lines = computeAll(history.events).lines;
    expect(explainLine(lines.find((line) => line.kind === 'forfeiture')!)).toEqual([
      'PartnerOffboarded off (position 5 in stream partner-p1): partner p1 was offboarded on 2026-03-01 (2026-Q1) ' +
        'with settlement forfeit_unvested.',
      'Forfeits line won:p1 (3000.00 USD, business date 2026-02-01, rule set 2026.1, deal d1), not vested on the ' +
        'offboarding date: what remains of it, 3000.00, is reversed.',
      'Line amount -3000.00 USD = reversal -3000 + rounding 0.',
      'Vests on 2026-04-02 with the line it forfeits, so the two never pay; no later refund or churn claws the ' +
        'forfeited line back.',
    ]);
    for (const date of ['2026-03-01', '2026-04-02', '2026-12-31']) expect(payableOn(lines, date).isZero()).toBe(true);
  });

  it('forfeit_unvested: forfeits only what a refund left, and no later refund or churn claws the line again', () => {
    const history = unvestedLine();
    history.refund('d1', '2026-02-15', '6000.00', 'refund'); // claws back 300.00
    history.offboard('p1', '2026-03-01', 'forfeit_unvested', 'off');
    history.refund('d1', '2026-03-10', '6000.00', 'late-refund');
    history.churn('d1', '2026-03-20', 'churn');
    const { lines } = computeAll(history.events);
    expect(lines.map((line) => [line.lineId, line.amount])).toEqual([
      ['won:p1', '3000.00'],
      ['refund:p1:won', '-300.00'],
      ['off:p1:won', '-2700.00'],
    ]);
    expect(payableOn(lines, '2026-12-31').isZero()).toBe(true);
  });

  it('accelerate: clawbacks inside the window still apply after the offboarding', () => {
    const history = unvestedLine();
    history.offboard('p1', '2026-03-01', 'accelerate');
    history.refund('d1', '2026-03-10', '30000.00', 'refund');
    const { lines } = computeAll(history.events);
    expect(lines.map((line) => [line.lineId, line.amount, line.vestsOn])).toEqual([
      ['won:p1', '3000.00', '2026-03-01'],
      ['refund:p1:won', '-1500.00', '2026-03-10'],
    ]);
  });

  it('settles only the offboarded partner of a co-sold deal', () => {
    const history = new History();
    history.publish(designRuleSet());
    history.enroll('p1');
    history.enroll('p2');
    history.open('d1', [partner('p1', '0.5'), partner('p2', '0.5')]);
    history.win('d1', '2026-02-01', [productLine('20000.00')], { eventId: 'won' });
    spec
      .given(history.events)
      .when(history.offboard('p2', '2026-03-01', 'forfeit_unvested', 'off'))
      .thenLines([{ lineId: 'off:p2:won', partnerId: 'p2', amount: '-500.00' }]);
  });
});
