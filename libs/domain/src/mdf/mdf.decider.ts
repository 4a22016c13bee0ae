import { campaignAmountCompleted } from '../campaign/campaign.decider.js';
import type { CampaignFacts } from '../campaign/campaign.state.js';
import { PersistentMap } from '../persistent-map.js';
import { dateOf } from '../dates.js';
import { fold, type Actor, type CommandOf, type Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import { Decimal, formatDecimal, formatMoney, minorUnits } from '../money.js';
import { requireAmount, requireCurrency, requireDate, requireDecimal, requireText } from '../validation.js';
import type { MdfCommand } from './mdf.commands.js';
import type { MdfEvent } from './mdf.events.js';
import type { MdfClaim, MdfCommitment, MdfFundState, MdfPayableFacts } from './mdf.state.js';

/**
 * The fund's figures, each the fold of its events (decimal strings at the fund currency's minor unit):
 * - accrued: Σ MdfAccrued
 * - committed: Σ MdfCommitted − Σ MdfDecommitted (promised to campaigns, including what was released since)
 * - released: Σ MdfReleased
 * - claimed: Σ MdfClaimSubmitted − Σ MdfClaimRejected (claims standing: pending, approved or paid)
 * - approved: Σ MdfClaimApproved (including those paid since)
 * - paid: Σ MdfClaimPaid
 * - available: accrued − committed, what a new campaign can be committed
 * The decider keeps 0 ≤ paid ≤ approved ≤ claimed ≤ released ≤ committed ≤ accrued, so every figure and
 * every difference of neighbours (pending approval, payable, claimable, unreleased, available) is ≥ 0.
 */
export interface MdfFigures {
  readonly partnerId: string | null;
  readonly currency: string | null;
  readonly accrued: string;
  readonly committed: string;
  readonly released: string;
  readonly claimed: string;
  readonly approved: string;
  readonly paid: string;
  readonly available: string;
}

const zero = new Decimal(0);

/**
 * The partner's market development fund `mdf-<partnerId>`. Money moves one way through nested totals:
 * accrued (by the MDF reactor, from the engine's accruals on won revenue) → committed to an approved
 * campaign (never beyond the available fund: MDF_INSUFFICIENT_FUNDS) → released per completed milestone
 * → claimed with evidence (never beyond what is released to that campaign and not yet claimed) →
 * approved → paid on a payout statement. A rejected claim frees its amount to be claimed again; closing
 * a campaign decommits the budget of its milestones never completed.
 *
 * Idempotency: an accrual for a source event already accrued on decides no events (reactor restarts,
 * replays and duplicates never accrue twice; the first accrual stands, as MDF is never re-accrued under
 * later rules), and so do the protocol steps repeated by a retry: a commitment for a committed
 * campaign, the release of a released milestone, the decommit of a settled campaign, marking claims
 * paid by the statement that paid them. The cross-stream protocols are in campaign.decider.ts
 * (commit, release, decommit) and statement.decider.ts (claims paid).
 */
export const mdfDecider: Decider<MdfCommand, MdfEvent, MdfFundState> = {
  initialState: () => ({
    partnerId: null,
    currency: null,
    accrued: zero,
    committed: zero,
    released: zero,
    claimed: zero,
    approved: zero,
    paid: zero,
    accruals: PersistentMap.empty(),
    commitments: PersistentMap.empty(),
    claims: PersistentMap.empty(),
  }),

  decide(command, state) {
    switch (command.type) {
      case 'AccrueMdf':
        return accrueMdf(command, state);
      case 'CommitMdf':
        return commitMdf(command, state);
      case 'ReleaseMdf':
        return releaseMdf(command, state);
      case 'DecommitMdf':
        return decommitMdf(command, state);
      case 'SubmitMdfClaim':
        return submitMdfClaim(command, state);
      case 'ApproveMdfClaim':
        return approveMdfClaim(command, state);
      case 'RejectMdfClaim':
        return rejectMdfClaim(command, state);
      case 'MarkMdfClaimsPaid':
        return markMdfClaimsPaid(command, state);
    }
  },

  evolve(state, event) {
    const fund = state.partnerId === null ? { ...state, partnerId: event.data.partnerId } : state;
    switch (event.type) {
      case 'MdfAccrued': {
        const { sourceEventId, amount, currency } = event.data;
        return {
          ...fund,
          currency: fund.currency ?? currency,
          accrued: fund.accrued.plus(amount),
          accruals: fund.accruals.set(sourceEventId, true),
        };
      }
      case 'MdfCommitted':
        return committed(fund, event.data);
      case 'MdfReleased':
        return released(fund, event.data);
      case 'MdfDecommitted':
        return decommitted(fund, event.data);
      case 'MdfClaimSubmitted':
        return claimSubmitted(fund, event.data);
      case 'MdfClaimApproved': {
        const { claimId, amount, approvedAt } = event.data;
        return {
          ...fund,
          approved: fund.approved.plus(amount),
          claims: updateClaim(fund.claims, claimId, (claim) => ({ ...claim, status: 'approved', approvedAt })),
        };
      }
      case 'MdfClaimRejected': {
        const { claimId, campaignId, amount } = event.data;
        return {
          ...fund,
          claimed: fund.claimed.minus(amount),
          commitments: updateCommitment(fund.commitments, campaignId, (commitment) => ({
            ...commitment,
            claimed: commitment.claimed.minus(amount),
          })),
          claims: updateClaim(fund.claims, claimId, (claim) => ({ ...claim, status: 'rejected' })),
        };
      }
      case 'MdfClaimPaid': {
        const { claimId, amount, statementId } = event.data;
        return {
          ...fund,
          paid: fund.paid.plus(amount),
          claims: updateClaim(fund.claims, claimId, (claim) => ({ ...claim, status: 'paid', statementId })),
        };
      }
    }
  },
};

type MdfEventData<Type extends MdfEvent['type']> = Extract<MdfEvent, { type: Type }>['data'];

/** The fund promises a campaign its budget. */
function committed(fund: MdfFundState, data: MdfEventData<'MdfCommitted'>): MdfFundState {
  const { campaignId, amount, currency } = data;
  const commitment: MdfCommitment = {
    campaignId,
    amount: new Decimal(amount),
    released: zero,
    releasedMilestones: [],
    decommitted: false,
    amountDecommitted: zero,
    claimed: zero,
  };
  return {
    ...fund,
    currency: fund.currency ?? currency,
    committed: fund.committed.plus(amount),
    commitments: fund.commitments.set(campaignId, commitment),
  };
}

/** A completed milestone releases its part of the campaign's commitment. */
function released(fund: MdfFundState, data: MdfEventData<'MdfReleased'>): MdfFundState {
  const { campaignId, milestoneId, amount } = data;
  return {
    ...fund,
    released: fund.released.plus(amount),
    commitments: updateCommitment(fund.commitments, campaignId, (commitment) => ({
      ...commitment,
      released: commitment.released.plus(amount),
      releasedMilestones: [...commitment.releasedMilestones, milestoneId],
    })),
  };
}

/** A settled campaign gives back the budget of its milestones never completed. */
function decommitted(fund: MdfFundState, data: MdfEventData<'MdfDecommitted'>): MdfFundState {
  const { campaignId, amount } = data;
  return {
    ...fund,
    committed: fund.committed.minus(amount),
    commitments: updateCommitment(fund.commitments, campaignId, (commitment) => ({
      ...commitment,
      decommitted: true,
      amountDecommitted: commitment.amountDecommitted.plus(amount),
    })),
  };
}

/** A claim against a campaign's commitment, pending the vendor's decision. */
function claimSubmitted(fund: MdfFundState, data: MdfEventData<'MdfClaimSubmitted'>): MdfFundState {
  const { claimId, campaignId, amount, evidence } = data;
  return {
    ...fund,
    claimed: fund.claimed.plus(amount),
    commitments: updateCommitment(fund.commitments, campaignId, (commitment) => ({
      ...commitment,
      claimed: commitment.claimed.plus(amount),
    })),
    claims: fund.claims.set(claimId, {
      claimId,
      campaignId,
      amount,
      evidence,
      status: 'submitted',
      approvedAt: null,
      statementId: null,
    }),
  };
}

type MdfCommandOf<Type extends MdfCommand['type']> = CommandOf<MdfCommand, Type>;

export function accrueMdf(command: MdfCommandOf<'AccrueMdf'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'accrue funds');
  const { data } = command;
  const sourceEventId = requireText(data.sourceEventId, 'sourceEventId', 200);
  const dealId = requireText(data.dealId, 'dealId', 100);
  const currency = requireCurrency(data.currency, 'currency');
  const amount = requireAmount(data.amount, 'amount', currency);
  const businessDate = requireDate(data.businessDate, 'businessDate');
  const ruleSetVersion = requireText(data.ruleSetVersion, 'ruleSetVersion', 100);
  const tier = requireText(data.tier, 'tier', 100);
  const rate = formatDecimal(requireDecimal(data.rate, 'rate', { min: '0' }));
  if (state.accruals.has(sourceEventId)) return [];
  // Nothing to add; recording it would only make the reactor's retries visible.
  if (new Decimal(amount).isZero()) return [];
  requireFundCurrency(state, currency);
  return [
    {
      type: 'MdfAccrued',
      data: {
        partnerId,
        sourceEventId,
        dealId,
        amount,
        currency,
        businessDate,
        ruleSetVersion,
        tier,
        rate,
        accruedAt: today,
      },
    },
  ];
}

export function commitMdf(command: MdfCommandOf<'CommitMdf'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'commit funds');
  const campaign = requireCampaignOf(command.facts.campaign, command.data.campaignId, partnerId);
  const { campaignId, budget, currency } = campaign;
  if (state.commitments.has(campaignId)) return [];
  if (campaign.status === 'closed') {
    throw new DomainError('CAMPAIGN_CLOSED', `Campaign ${campaignId} is closed`, { campaignId, status: 'closed' });
  }
  const { partnerStatus } = command.facts;
  if (partnerStatus !== 'active') {
    const message = `Partner ${partnerId} is ${partnerStatus}, not active: nothing new is committed from its fund`;
    throw new DomainError('PARTNER_NOT_ACTIVE', message, { partnerId, status: partnerStatus });
  }
  const available = state.accrued.minus(state.committed);
  if (available.lt(budget)) {
    throw new DomainError('MDF_INSUFFICIENT_FUNDS', `The budget ${budget} ${currency} exceeds the available fund`, {
      campaignId,
      amount: budget,
      available: formatMoney(available, currency),
      currency,
    });
  }
  requireFundCurrency(state, currency);
  return [{ type: 'MdfCommitted', data: { partnerId, campaignId, amount: budget, currency, committedAt: today } }];
}

export function releaseMdf(command: MdfCommandOf<'ReleaseMdf'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'release funds');
  const campaign = requireCampaignOf(command.facts.campaign, command.data.campaignId, partnerId);
  const { campaignId, currency } = campaign;
  const milestone = campaign.milestones.find((candidate) => candidate.id === command.data.milestoneId);
  if (!milestone) {
    const message = `Campaign ${campaignId} has no milestone ${String(command.data.milestoneId)}`;
    const details = { campaignId, milestoneId: command.data.milestoneId };
    throw new DomainError('CAMPAIGN_MILESTONE_NOT_FOUND', message, details);
  }
  const commitment = requireCommitment(state, campaignId);
  if (commitment.releasedMilestones.includes(milestone.id)) return [];
  if (!milestone.completed) {
    const message = `Milestone ${milestone.id} of campaign ${campaignId} is not completed`;
    throw new DomainError('MDF_MILESTONE_NOT_COMPLETED', message, { campaignId, milestoneId: milestone.id });
  }
  const unreleased = commitment.amount.minus(commitment.amountDecommitted).minus(commitment.released);
  if (unreleased.lt(milestone.amount)) {
    // The protocol never gets here (a decommit keeps the completed milestones committed); a guard, not a path.
    const message = `Milestone ${milestone.id} (${milestone.amount}) exceeds what is committed and unreleased`;
    throw new DomainError('MDF_RELEASE_EXCEEDS_COMMITTED', message, {
      campaignId,
      milestoneId: milestone.id,
      unreleased: formatMoney(unreleased, currency),
    });
  }
  return [
    {
      type: 'MdfReleased',
      data: { partnerId, campaignId, milestoneId: milestone.id, amount: milestone.amount, currency, releasedAt: today },
    },
  ];
}

export function decommitMdf(command: MdfCommandOf<'DecommitMdf'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'decommit funds');
  const campaign = requireCampaignOf(command.facts.campaign, command.data.campaignId, partnerId);
  const { campaignId, currency } = campaign;
  if (campaign.status !== 'closed') {
    const message = `Campaign ${campaignId} is ${campaign.status}; its funds go back only when it is closed`;
    throw new DomainError('CAMPAIGN_NOT_CLOSED', message, { campaignId, status: campaign.status });
  }
  const commitment = state.commitments.get(campaignId);
  if (commitment === undefined || commitment.decommitted) return [];
  // Completed milestones stay committed, so their releases still find the money after the close.
  const amount = commitment.amount.minus(campaignAmountCompleted(campaign));
  if (amount.lte(0)) return [];
  return [
    {
      type: 'MdfDecommitted',
      data: { partnerId, campaignId, amount: formatMoney(amount, currency), currency, decommittedAt: today },
    },
  ];
}

export function submitMdfClaim(command: MdfCommandOf<'SubmitMdfClaim'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const { actor } = command.metadata;
  const partnerId = requirePartnerId(state, command.data.partnerId);
  const { data } = command;
  if (actor.role === 'partner' && actor.partnerId !== partnerId) {
    throw new DomainError('FORBIDDEN', 'A partner user can only claim from its own fund', { field: 'partnerId' });
  }
  const claimId = requireText(data.claimId, 'claimId', 100);
  const campaignId = requireText(data.campaignId, 'campaignId', 100);
  const evidence = requireText(data.evidence, 'evidence', 2000).trim();
  requireDecimal(data.amount, 'amount', { min: '0', minExclusive: true });
  if (state.claims.has(claimId)) {
    throw new DomainError('MDF_CLAIM_ALREADY_SUBMITTED', `Claim ${claimId} was already submitted`, { claimId });
  }
  const commitment = requireCommitment(state, campaignId);
  const currency = fundCurrency(state);
  const amount = requireAmount(data.amount, 'amount', currency, { positive: true });
  const claimable = commitment.released.minus(commitment.claimed);
  if (claimable.lt(amount)) {
    const claimableMoney = formatMoney(claimable, currency);
    const message =
      `The claim exceeds what is released to campaign ${campaignId} and not yet claimed ` +
      `(${claimableMoney} ${currency})`;
    throw new DomainError('MDF_CLAIM_EXCEEDS_RELEASED', message, {
      field: 'amount',
      campaignId,
      claimable: claimableMoney,
      currency,
    });
  }
  const submitted = { partnerId, claimId, campaignId, amount, currency, evidence, submittedAt: today };
  return [{ type: 'MdfClaimSubmitted', data: submitted }];
}

export function approveMdfClaim(command: MdfCommandOf<'ApproveMdfClaim'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'approve claims');
  const { claimId, campaignId, amount } = requirePending(state, command.data.claimId);
  const currency = fundCurrency(state);
  return [{ type: 'MdfClaimApproved', data: { partnerId, claimId, campaignId, amount, currency, approvedAt: today } }];
}

export function rejectMdfClaim(command: MdfCommandOf<'RejectMdfClaim'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'reject claims');
  const { claimId, campaignId, amount } = requirePending(state, command.data.claimId);
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  const currency = fundCurrency(state);
  const rejected = { partnerId, claimId, campaignId, amount, currency, reason, rejectedAt: today };
  return [{ type: 'MdfClaimRejected', data: rejected }];
}

export function markMdfClaimsPaid(command: MdfCommandOf<'MarkMdfClaimsPaid'>, state: MdfFundState): MdfEvent[] {
  const today = dateOf(command.metadata.now);
  const partnerId = requirePartnerId(state, command.data.partnerId);
  requireVendor(command.metadata.actor, 'mark claims paid');
  const statementId = requireText(command.data.statementId, 'statementId', 200);
  const { statement } = command.facts;
  if (statement.status === 'none') {
    throw new DomainError('STATEMENT_NOT_FOUND', `Statement ${statementId} was not issued`, { statementId });
  }
  const sameStatement = statement.statementId === statementId && statement.partnerId === partnerId;
  invariant(sameStatement, `facts.statement is ${statement.statementId}, not ${statementId} of ${partnerId}`);
  if (statement.status !== 'paid') {
    const message = `Statement ${statementId} is ${statement.status}; its MDF claims are paid when it is paid`;
    throw new DomainError('STATEMENT_NOT_PAID', message, { statementId, status: statement.status });
  }
  const events: MdfEvent[] = [];
  for (const line of statement.claimPayments) {
    const claim = requireClaimPayable(state, line.claimId, statementId);
    if (claim === undefined) continue;
    const paysClaim = new Decimal(line.amount).eq(claim.amount);
    invariant(paysClaim, `statement line ${line.lineId} pays ${line.amount}, the claim is ${claim.amount}`);
    const { claimId, campaignId, amount } = claim;
    const currency = fundCurrency(state);
    const paidAt = statement.paidAt ?? today;
    events.push({
      type: 'MdfClaimPaid',
      data: { partnerId, claimId, campaignId, amount, currency, statementId, paidAt },
    });
  }
  return events;
}

/** The approved claim a paid statement's line pays; undefined when that statement already paid it. */
function requireClaimPayable(state: MdfFundState, claimId: string, statementId: string): MdfClaim | undefined {
  const claim = state.claims.get(claimId);
  if (claim === undefined) {
    throw new DomainError('MDF_CLAIM_NOT_FOUND', `Claim ${claimId} was not submitted`, { claimId });
  }
  if (claim.status === 'paid') {
    if (claim.statementId === statementId) return undefined;
    const message = `Claim ${claim.claimId} was already paid by statement ${claim.statementId}`;
    const details = { claimId: claim.claimId, statementId: claim.statementId };
    throw new DomainError('MDF_CLAIM_ALREADY_PAID', message, details);
  }
  if (claim.status !== 'approved') {
    const message = `Claim ${claim.claimId} is ${claim.status}, not approved`;
    throw new DomainError('MDF_CLAIM_NOT_APPROVED', message, { claimId: claim.claimId, status: claim.status });
  }
  return claim;
}

/**
 * The figures of a folded fund (see MdfFigures). Before the first accrual there is no currency; amounts then read
 * "0.00".
 */
export function mdfFigures(state: MdfFundState): MdfFigures {
  const scale = state.currency === null ? 2 : minorUnits(state.currency);
  const money = (amount: Decimal) => amount.toFixed(scale);
  return {
    partnerId: state.partnerId,
    currency: state.currency,
    accrued: money(state.accrued),
    committed: money(state.committed),
    released: money(state.released),
    claimed: money(state.claimed),
    approved: money(state.approved),
    paid: money(state.paid),
    available: money(state.accrued.minus(state.committed)),
  };
}

/** The figures of a fund from its events alone. */
export function foldMdfFigures(events: readonly MdfEvent[]): MdfFigures {
  return mdfFigures(fold(mdfDecider, events));
}

/**
 * Approved claims not yet paid, oldest approval first: what the next statement carries as MDF claim lines (unless
 * already on one).
 */
/** The payable facts of a folded fund. */
export function mdfPayableFacts(state: MdfFundState): MdfPayableFacts {
  return { partnerId: state.partnerId, currency: state.currency, claimsPayable: mdfClaimsPayable(state) };
}

export function mdfClaimsPayable(state: MdfFundState): MdfClaim[] {
  return [...state.claims.values()]
    .filter((claim) => claim.status === 'approved')
    .sort(
      (left, right) => compare(left.approvedAt ?? '', right.approvedAt ?? '') || compare(left.claimId, right.claimId),
    );
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function updateCommitment(
  commitments: PersistentMap<MdfCommitment>,
  campaignId: string,
  change: (commitment: MdfCommitment) => MdfCommitment,
): PersistentMap<MdfCommitment> {
  const commitment = commitments.get(campaignId);
  // Releases, decommits and claims always follow their campaign's commitment in the stream.
  return commitment === undefined ? commitments : commitments.set(campaignId, change(commitment));
}

function updateClaim(
  claims: PersistentMap<MdfClaim>,
  claimId: string,
  change: (claim: MdfClaim) => MdfClaim,
): PersistentMap<MdfClaim> {
  const claim = claims.get(claimId);
  return claim === undefined ? claims : claims.set(claimId, change(claim));
}

function requirePartnerId(state: MdfFundState, value: unknown): string {
  const partnerId = requireText(value, 'partnerId', 100);
  // The application names the stream by the partner; a command for another partner is a routing bug.
  invariant(
    state.partnerId === null || state.partnerId === partnerId,
    `the fund of ${state.partnerId} received a command for ${partnerId}`,
  );
  return partnerId;
}

function requireCampaignOf(
  campaign: CampaignFacts,
  campaignId: string,
  partnerId: string,
): Exclude<CampaignFacts, { status: 'none' }> {
  if (campaign.status === 'none')
    throw new DomainError('CAMPAIGN_NOT_FOUND', `Campaign ${String(campaignId)} was not proposed`, { campaignId });
  invariant(campaign.campaignId === campaignId, `facts.campaign is ${campaign.campaignId}, not ${campaignId}`);
  invariant(
    campaign.partnerId === partnerId,
    `campaign ${campaignId} belongs to ${campaign.partnerId}, not ${partnerId}`,
  );
  return campaign;
}

function requireCommitment(state: MdfFundState, campaignId: string): MdfCommitment {
  const commitment = state.commitments.get(campaignId);
  if (commitment === undefined) {
    throw new DomainError('MDF_CAMPAIGN_NOT_COMMITTED', `Nothing is committed to campaign ${campaignId}`, {
      campaignId,
    });
  }
  return commitment;
}

function requirePending(state: MdfFundState, claimId: string): MdfClaim {
  const claim = state.claims.get(claimId);
  if (claim === undefined)
    throw new DomainError('MDF_CLAIM_NOT_FOUND', `Claim ${String(claimId)} was not submitted`, { claimId });
  if (claim.status !== 'submitted') {
    throw new DomainError('MDF_CLAIM_NOT_PENDING', `Claim ${claim.claimId} was already ${claim.status}`, {
      claimId: claim.claimId,
      status: claim.status,
    });
  }
  return claim;
}

/** A fund holds one currency: mixing two would make every figure meaningless. */
function requireFundCurrency(state: MdfFundState, currency: string): void {
  if (state.currency !== null && state.currency !== currency) {
    throw new DomainError('MDF_CURRENCY_MISMATCH', `The fund is kept in ${state.currency}, not ${currency}`, {
      currency,
      fundCurrency: state.currency,
    });
  }
}

function fundCurrency(state: MdfFundState): string {
  invariant(state.currency !== null, 'a fund with a commitment has a currency');
  return state.currency;
}

/** Accruing, committing, releasing and deciding claims move a partner's money: never the partner's own call. */
function requireVendor(actor: Actor, action: string): void {
  if (actor.role === 'partner') throw new DomainError('FORBIDDEN', `A partner user cannot ${action}`, { action });
}
