import { daysBetween } from '../dates.js';
import { Decimal, formatMoney } from '../money.js';
import type {
  AppliedTier,
  CapCalculation,
  ComputedCommissionLine,
  EarnedCalculation,
  ProductLineCalculation,
  ReversalCalculation,
} from './commission.types.js';

/**
 * The step-by-step explanation of a commission line (GET /commission-lines/:lineId), rendered from the
 * figures the line records. The engine stores no text: wording is derived when a line is read, so it
 * can never disagree with the figures, and the engine does not pay for sentences nobody reads.
 * Every figure printed is one the line holds, or exact arithmetic on them that repeats the engine's
 * (the same Decimal operations on the same values give the same digits).
 */
export function explainLine(line: ComputedCommissionLine): string[] {
  return line.earned
    ? explainEarned(line, line.earned)
    : line.reversal!.reason === 'forfeiture'
      ? explainForfeiture(line, line.reversal!)
      : explainReversal(line, line.reversal!);
}

const one = new Decimal(1);

/** A full-precision figure as a plain string, never "-0". */
function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

function money(value: Decimal, currency: string): string {
  return formatMoney(value.isZero() ? new Decimal(0) : value, currency);
}

function describeTier(tier: AppliedTier): string {
  const basis =
    tier.basis === 'earned'
      ? `earned, in effect since ${tier.since}`
      : tier.basis === 'override'
        ? `set by an override in effect since ${tier.since}`
        : 'the entry tier';
  return `${tier.name} (${basis}${tier.note ? `; ${tier.note}` : ''})`;
}

function describeSource(line: ComputedCommissionLine): string {
  const { source } = line;
  return (
    `${source.type} ${source.eventId} (position ${source.position} in stream ${source.stream}) ` +
    `on deal ${line.dealId}, business date ${line.businessDate} (${line.period}).`
  );
}

function explainEarned(line: ComputedCommissionLine, earned: EarnedCalculation): string[] {
  const { currency, components: parts } = line;
  const steps = [
    `${describeSource(line)} Motion: ${earned.motion}.`,
    `Rule set ${line.ruleSet.version} (effective from ${line.ruleSet.effectiveFrom}) is in force on ` +
      `${line.businessDate}; commission is paid in ${currency}.`,
    `Partner ${line.partnerId} is the ${earned.role} partner with a share of ${earned.share}; tier ` +
      `${describeTier(line.tier)}.`,
  ];
  earned.productLines.forEach((product, index) => {
    steps.push(...explainProductLine(product, index + 1, earned, currency));
  });
  steps.push(
    `Quarter-to-date attributed revenue of partner ${line.partnerId} in ${earned.quarter}: ` +
      `${earned.quarterRevenueBefore} before this event, ${earned.quarterRevenueAfter} after.` +
      (parts.accelerated === '0' ? ' No accelerated part.' : ''),
    `Earned before caps = standard ${parts.standard} + accelerated ${parts.accelerated} = ` +
      `${plain(new Decimal(parts.standard).plus(parts.accelerated))}.`,
    explainCap('Per-deal', 'commission.caps.perDeal', `on deal ${line.dealId}`, earned.perDealCap),
    explainCap('Per-quarter', 'commission.caps.perQuarter', `in ${earned.quarter}`, earned.perQuarterCap),
    `Rounded once, ${line.rounding.mode} to ${line.rounding.decimalPlaces} decimal places: ` +
      `${line.rounding.unrounded} becomes ${line.amount} (adjustment ${line.rounding.adjustment}).`,
    `Line amount ${line.amount} ${currency} = standard ${parts.standard} + accelerated ${parts.accelerated} + ` +
      `capped per deal ${parts.cappedPerDeal} + capped per quarter ${parts.cappedPerQuarter} + rounding ` +
      `${parts.rounding}.`,
    explainVesting(line),
  );
  if (line.accelerated) {
    const { source, offboardedAt } = line.accelerated;
    steps.push(
      `Vesting accelerated: partner ${line.partnerId} was offboarded on ${offboardedAt} with settlement accelerate ` +
        `(${source.eventId}, position ${source.position}), so the line vests on ${line.vestsOn}.`,
    );
  }
  return steps;
}

function explainVesting(line: ComputedCommissionLine): string {
  const vestsOn = line.accelerated?.originalVestsOn ?? line.vestsOn;
  return (
    `${line.accelerated ? 'Would have vested' : 'Vests'} on ${vestsOn}, ${daysBetween(line.businessDate, vestsOn)} ` +
    `days (commission.holdbackDays) after the business date.`
  );
}

function explainProductLine(
  product: ProductLineCalculation,
  number: number,
  earned: EarnedCalculation,
  currency: string,
): string[] {
  const above = new Decimal(product.discount).gt(product.maxDiscount);
  const steps = [
    `Product line ${number} (${product.sku}, family ${product.family}): base = ${product.amount} ` +
      `${earned.dealCurrency} × fx ${product.fxRate} × share ${product.share} = ${product.base} ${currency}.`,
    `Product line ${number}: rate ${product.rate} (${product.rateClause}) × role multiplier ` +
      `${product.roleMultiplier} (${earned.role}) × motion multiplier ${product.motionMultiplier} ` +
      `(${earned.motion}) ` +
      `× discount multiplier ${product.discountMultiplier} (discount ${product.discount} ` +
      `${above ? 'is above' : 'is within'} the policy maximum ${product.maxDiscount}) = ${product.factor}; standard ` +
      `commission = ${product.base} × ${product.factor} = ${product.standard}.`,
  ];
  const factor = new Decimal(product.factor);
  for (const slice of product.slices) {
    if (slice.threshold === null) continue;
    const revenue = plain(new Decimal(slice.revenueTo).minus(slice.revenueFrom));
    const accelerated = plain(new Decimal(revenue).times(factor).times(new Decimal(slice.multiplier).minus(one)));
    steps.push(
      `Product line ${number}: ${revenue} of its base takes quarter-to-date revenue from ${slice.revenueFrom} to ` +
        `${slice.revenueTo}, above the threshold ${slice.threshold}, and earns × ${slice.multiplier}: accelerated ` +
        `part = ${revenue} × ${product.factor} × (${slice.multiplier} − 1) = ${accelerated}.`,
    );
  }
  return steps;
}

function explainCap(name: string, clause: string, scope: string, cap: CapCalculation | null): string {
  if (!cap) return `No ${name.toLowerCase()} cap.`;
  return (
    `${name} cap ${cap.limit} (${clause}): ${cap.usedBefore} already granted ${scope}, room ${cap.room}; ` +
    `held back ${cap.capped}.`
  );
}

function explainReversal(line: ComputedCommissionLine, reversal: ReversalCalculation): string[] {
  const { currency } = line;
  const steps = [describeSource(line)];
  const reversed =
    `${reversal.reversedAmount} ${currency}, business date ${reversal.reversedBusinessDate}, ` +
    `rule set ${line.ruleSet.version}`;
  if (reversal.reason === 'refund') {
    const dealCurrency = reversal.dealCurrency;
    const exact = new Decimal(line.components.reversal).negated();
    const ratio = new Decimal(reversal.refundedAfter!).minus(reversal.refundedBefore!);
    steps.push(
      `Refund of ${reversal.refundAmount} ${dealCurrency} on a deal amount of ${reversal.dealAmount} ` +
        `${dealCurrency} gives back ${reversal.ratio} of the deal; the ratio is taken in the deal currency, so ` +
        `exchange-rate moves since the sale do not change it.`,
      `Claws back line ${reversal.reversedLineId} (${reversed}): ${reversal.daysAfter} days later, inside its ` +
        `clawback window of ${reversal.clawbackDays} days.`,
      reversal.refundedAfter === '1'
        ? 'The refunds now cover the whole deal, so what remains of the line is clawed back exactly: ' +
            `${reversal.remainingBefore}.`
        : `Clawback = ${reversal.reversedAmount} × ${plain(ratio)} = ${plain(exact)}, rounded once ` +
            `${line.rounding.mode} to ${line.rounding.decimalPlaces} decimal places: ` +
            `${money(new Decimal(line.amount).negated(), currency)}.`,
    );
  } else {
    steps.push(
      `The deal churned ${reversal.daysAfter} days after line ${reversal.reversedLineId} (${reversed}), inside its ` +
        `clawback window of ${reversal.clawbackDays} days: what remains of the line is reversed, ` +
        `${reversal.remainingBefore}.`,
    );
  }
  steps.push(
    `Line amount ${line.amount} ${currency} = reversal ${line.components.reversal} + rounding ` +
      `${line.components.rounding}.`,
    `A clawback vests at once, on ${line.businessDate}.`,
  );
  return steps;
}

function explainForfeiture(line: ComputedCommissionLine, reversal: ReversalCalculation): string[] {
  const { currency, source } = line;
  return [
    `${source.type} ${source.eventId} (position ${source.position} in stream ${source.stream}): partner ` +
      `${line.partnerId} was offboarded on ${line.businessDate} (${line.period}) with settlement forfeit_unvested.`,
    `Forfeits line ${reversal.reversedLineId} (${reversal.reversedAmount} ${currency}, business date ` +
      `${reversal.reversedBusinessDate}, rule set ${line.ruleSet.version}, deal ${line.dealId}), not vested ` +
      `on the offboarding date: what remains of it, ${reversal.remainingBefore}, is reversed.`,
    `Line amount ${line.amount} ${currency} = reversal ${line.components.reversal} + rounding ` +
      `${line.components.rounding}.`,
    `Vests on ${line.vestsOn} with the line it forfeits, so the two never pay; no later refund or churn claws ` +
      `the forfeited line back.`,
  ];
}
