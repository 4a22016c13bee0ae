import type { AdjustmentStatementLine, CommissionStatementLine, StatementLine } from '#domain';
import type { StatementView } from './statements.queries.js';

/**
 * The columns of the statement export: one row per statement line, with the statement it is on and
 * the line's provenance. Columns that do not apply to a line's kind are empty. Amounts are the decimal
 * strings of the snapshot; components are the engine's exact figures.
 */
export const statementCsvColumns = [
  'statement_id',
  'partner_id',
  'period',
  'currency',
  'status',
  'line_number',
  'line_id',
  'kind',
  'amount',
  'description',
  'deal_id',
  'source_event_id',
  'source_position',
  'source_stream',
  'source_type',
  'business_date',
  'vests_on',
  'rule_set_version',
  'tier',
  'tier_basis',
  'revision',
  'component_standard',
  'component_accelerated',
  'component_capped_per_deal',
  'component_capped_per_quarter',
  'component_reversal',
  'component_rounding',
  'rounding_mode',
  'reverses_line_id',
  'adjustment_reason',
  'adjusts_statement_id',
  'adjusts_line_id',
  'adjusts_amount',
  'amount_before',
  'recomputed_amount',
  'recomputed_rule_set_version',
  'recomputed_tier',
  'recomputed_revision',
  'dispute_number',
  'dispute_reason',
  'mdf_claim_id',
  'campaign_id',
  'claim_evidence',
  'claim_approved_at',
  'carried_from_statement_id',
  'disputes',
  'adjusted_by',
] as const;

export type StatementCsvColumn = (typeof statementCsvColumns)[number];
export type StatementCsvRow = Readonly<Partial<Record<StatementCsvColumn, string>>>;

/** The export rows of one statement, in the order of its lines. */
export function statementCsvRows(statement: StatementView): StatementCsvRow[] {
  return statement.lines.map((line, index) => ({
    statement_id: statement.statementId,
    partner_id: statement.partnerId,
    period: statement.period,
    currency: statement.currency,
    status: statement.status,
    line_number: String(index + 1),
    line_id: line.lineId,
    kind: line.kind,
    amount: line.amount,
    description: line.description,
    ...provenance(line),
    disputes: statement.disputes
      .filter((dispute) => dispute.lineId === line.lineId)
      .map(disputeCell)
      .join(' '),
    adjusted_by: statement.adjustedBy
      .filter((link) => link.adjustsLineId === line.lineId)
      .map((link) => `${link.statementId}/${link.lineId}`)
      .join(' '),
  }));
}

/** A dispute in the `disputes` column: number:status, then :outcome and :adjustment when present. */
function disputeCell(dispute: StatementView['disputes'][number]): string {
  const outcome = dispute.outcome ? `:${dispute.outcome}` : '';
  const adjustment = dispute.adjustment ? `:${dispute.adjustment}` : '';
  return `${dispute.disputeNumber}:${dispute.status}${outcome}${adjustment}`;
}

function provenance(line: StatementLine): StatementCsvRow {
  switch (line.kind) {
    case 'commission':
    case 'clawback':
      return commissionProvenance(line.commission);
    case 'adjustment':
      return adjustmentProvenance(line.adjustment);
    case 'mdf_claim':
      return {
        mdf_claim_id: line.claim.claimId,
        campaign_id: line.claim.campaignId,
        claim_evidence: line.claim.evidence,
        claim_approved_at: line.claim.approvedAt,
      };
    case 'carry_forward':
      return { carried_from_statement_id: line.carryForward.statementId };
  }
}

function commissionProvenance(commission: CommissionStatementLine['commission']): StatementCsvRow {
  return {
    deal_id: commission.dealId,
    source_event_id: commission.source.eventId,
    source_position: commission.source.position,
    source_stream: commission.source.stream,
    source_type: commission.source.type,
    business_date: commission.businessDate,
    vests_on: commission.vestsOn,
    rule_set_version: commission.ruleSet.version,
    tier: commission.tier.name,
    tier_basis: commission.tier.basis,
    revision: String(commission.revision),
    component_standard: commission.components.standard,
    component_accelerated: commission.components.accelerated,
    component_capped_per_deal: commission.components.cappedPerDeal,
    component_capped_per_quarter: commission.components.cappedPerQuarter,
    component_reversal: commission.components.reversal,
    component_rounding: commission.components.rounding,
    rounding_mode: commission.rounding.mode,
    reverses_line_id: commission.reversal?.reversedLineId ?? '',
  };
}

function adjustmentProvenance(adjustment: AdjustmentStatementLine['adjustment']): StatementCsvRow {
  const common = {
    adjustment_reason: adjustment.reason,
    adjusts_statement_id: adjustment.adjusts.statementId,
    adjusts_line_id: adjustment.adjusts.lineId,
    adjusts_amount: adjustment.adjusts.amount,
  };
  if (adjustment.reason === 'dispute') {
    return {
      ...common,
      dispute_number: String(adjustment.dispute.disputeNumber),
      dispute_reason: adjustment.dispute.disputeReason,
    };
  }
  const { recomputed } = adjustment;
  return {
    ...common,
    amount_before: adjustment.amountBefore,
    ...(recomputed === null
      ? {}
      : {
          deal_id: recomputed.dealId,
          source_event_id: recomputed.source.eventId,
          source_position: recomputed.source.position,
          source_stream: recomputed.source.stream,
          source_type: recomputed.source.type,
          business_date: recomputed.businessDate,
          vests_on: recomputed.vestsOn,
          recomputed_amount: recomputed.amount,
          recomputed_rule_set_version: recomputed.ruleSet.version,
          recomputed_tier: recomputed.tier.name,
          recomputed_revision: String(recomputed.revision),
        }),
  };
}
