import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  dealDecider,
  dealStream,
  isBusinessDate,
  partnerDecider,
  partnerStream,
  registrationDecider,
  registrationFacts,
  registrationStream,
  type DealCommand,
  type DealFacts,
  type CustomerClaim,
  type PartnerStatus,
} from '#domain';
import type { CommandResult } from '#event-store';
import type { CommandInput, CommandRequest } from '../common/command-pipeline.js';
import { FactsCommandHandler } from '../common/facts-command-handler.js';
import type { RequestContext } from '../common/request-context.js';
import { customerLockFacts } from '../registrations/customer-lock-facts.js';

/** A deal command as the client asks it; the handler adds the facts the decider needs. */
export type DealRequest = CommandRequest<DealCommand>;
type DealRequestOf<Type extends DealRequest['type']> = Extract<DealRequest, { type: Type }>;

export class DealCommandMessage {
  constructor(
    readonly request: DealRequest,
    readonly context: RequestContext,
  ) {}
}

/**
 * Facts that happen at most once per deal default to a key derived from the deal id, so a retry
 * without an Idempotency-Key header replays; repeatable ones (stage, renew, expand, refund) do not.
 */
const onceKeys: Partial<Record<DealRequest['type'], string>> = {
  OpenDeal: 'open',
  WinDeal: 'win',
  LoseDeal: 'lose',
  ChurnDeal: 'churn',
};

/**
 * One handler per decider: every deal command goes through the pipeline on `deal-<id>`. The business
 * date of the command picks the rule set in force (`ProgramFacts.on(date)`): its program currency and
 * the closed periods travel in its `facts`; opening also carries each named partner's status and the
 * folded registration it is opened from.
 */
@CommandHandler(DealCommandMessage)
export class DealCommandHandler
  extends FactsCommandHandler
  implements ICommandHandler<DealCommandMessage, CommandResult>
{
  async execute({ request, context }: DealCommandMessage): Promise<CommandResult> {
    const { dealId } = request.data;
    const once = onceKeys[request.type];
    const options = once ? { defaultKey: `${once}:${dealId}` } : {};
    const input = await this.withFacts(request);
    return this.pipeline.run(dealDecider, dealStream(dealId), input, context, options);
  }

  private async withFacts(request: DealRequest): Promise<CommandInput<DealCommand>> {
    if (request.type === 'AdvanceDealStage') return request;
    const date = this.businessDate(request);
    const facts = await this.program.on(date);
    const dealFacts: DealFacts = { programCurrency: facts.programCurrency, closedPeriods: facts.closedPeriods };
    if (request.type !== 'OpenDeal') return { ...request, facts: dealFacts };

    const { registrationId, partners = [] } = request.data;
    const registration =
      registrationId === undefined
        ? undefined
        : await this.pipeline.state(registrationDecider, registrationStream(registrationId));
    const partnerIds = new Set(partners.map((partner) => partner.partnerId));
    if (registration && registration.status !== 'none') partnerIds.add(registration.partnerId);
    const partnerStatuses: Record<string, PartnerStatus | 'none'> = {};
    const partnerEnrollments: Record<string, string> = {};
    for (const partnerId of partnerIds) {
      const partner = await this.pipeline.state(partnerDecider, partnerStream(partnerId));
      partnerStatuses[partnerId] = partner.status;
      if (partner.enrolledAt !== null) partnerEnrollments[partnerId] = partner.enrolledAt;
    }
    return {
      type: 'OpenDeal',
      data: request.data,
      facts: {
        ...dealFacts,
        partnerStatuses,
        partnerEnrollments,
        ...(registration ? { registration: registrationFacts(registration) } : {}),
        customerClaim: await this.customerClaimOf(request.data),
      },
    };
  }

  /** The claim on a direct deal's customer; a deal from a registration is that registration's own protection. */
  private async customerClaimOf(data: DealRequestOf<'OpenDeal'>['data']): Promise<CustomerClaim | null> {
    if (data.registrationId !== undefined || typeof data.customer?.domain !== 'string') return null;
    const { customerLock } = await customerLockFacts(this.pipeline, data.customer.domain, 'customer.domain');
    return customerLock.claim;
  }

  /** The date that decides which rules are in force: the fact's own date, today when it has none yet. */
  private businessDate(request: Exclude<DealRequest, { type: 'AdvanceDealStage' }>): string {
    const date = (() => {
      switch (request.type) {
        case 'OpenDeal':
          return request.data.openedAt;
        case 'WinDeal':
          return request.data.wonAt;
        case 'LoseDeal':
          return request.data.lostAt;
        case 'RenewDeal':
          return request.data.renewedAt;
        case 'ExpandDeal':
          return request.data.expandedAt;
        case 'RefundDeal':
          return request.data.refundedAt;
        case 'ChurnDeal':
          return request.data.churnedAt;
      }
    })();
    // A malformed date is refused by the decider with its field; the rules of today stand in until then.
    return isBusinessDate(date) ? date : this.today();
  }
}
