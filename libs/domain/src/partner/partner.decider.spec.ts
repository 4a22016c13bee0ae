import { deciderSpecification, metadata } from '../testing/decider-specification.js';
import { partnerDecider } from './partner.decider.js';
import type { PartnerEvent } from './partner.events.js';

const spec = deciderSpecification(partnerDecider);
const enrolled: PartnerEvent = {
  type: 'PartnerEnrolled',
  data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-01-05' },
};
const suspended: PartnerEvent = { type: 'PartnerSuspended', data: { partnerId: 'p1', reason: 'audit', suspendedAt: '2026-02-01' } };

describe('partner decider', () => {
  describe('enroll', () => {
    it('enrolls a new partner on the date of the command', () =>
      spec.given([])
        .when({ type: 'EnrollPartner', data: { partnerId: 'p1', name: ' Acme ', kind: 'reseller', region: 'EMEA' }, metadata: metadata() })
        .then([{ type: 'PartnerEnrolled', data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-02-10' } }]));

    it('refuses a second enrollment of the same partner', () =>
      spec.given([enrolled])
        .when({ type: 'EnrollPartner', data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA' }, metadata: metadata() })
        .thenThrows('PARTNER_ALREADY_ENROLLED', { partnerId: 'p1' }));

    it('refuses an empty name, naming the field', () =>
      spec.given([])
        .when({ type: 'EnrollPartner', data: { partnerId: 'p1', name: '  ', kind: 'reseller', region: 'EMEA' }, metadata: metadata() })
        .thenThrows('VALIDATION_FAILED', { field: 'name', rule: 'nonEmpty' }));

    it('refuses an unknown kind, naming the field', () =>
      spec.given([])
        .when({ type: 'EnrollPartner', data: { partnerId: 'p1', name: 'Acme', kind: 'distributor' as never, region: 'EMEA' }, metadata: metadata() })
        .thenThrows('VALIDATION_FAILED', { field: 'kind', rule: 'oneOf' }));
  });

  describe('suspend', () => {
    it('suspends an active partner with the reason', () =>
      spec.given([enrolled])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'audit' }, metadata: metadata() })
        .then([{ type: 'PartnerSuspended', data: { partnerId: 'p1', reason: 'audit', suspendedAt: '2026-02-10' } }]));

    it('refuses to suspend a partner that is not enrolled', () =>
      spec.given([])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'audit' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_FOUND'));

    it('refuses to suspend a suspended partner', () =>
      spec.given([enrolled, suspended])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'again' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_ACTIVE', { status: 'suspended' }));
  });

  describe('reinstate', () => {
    it('reinstates a suspended partner', () =>
      spec.given([enrolled, suspended])
        .when({ type: 'ReinstatePartner', data: { partnerId: 'p1', reason: 'cleared' }, metadata: metadata() })
        .then([{ type: 'PartnerReinstated', data: { partnerId: 'p1', reason: 'cleared', reinstatedAt: '2026-02-10' } }]));

    it('refuses to reinstate an active partner', () =>
      spec.given([enrolled])
        .when({ type: 'ReinstatePartner', data: { partnerId: 'p1', reason: 'cleared' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_SUSPENDED'));
  });

  describe('offboard', () => {
    it('offboards a suspended partner with the chosen settlement', () =>
      spec.given([enrolled, suspended])
        .when({ type: 'OffboardPartner', data: { partnerId: 'p1', settlement: 'forfeit_unvested' }, metadata: metadata() })
        .then([{ type: 'PartnerOffboarded', data: { partnerId: 'p1', settlement: 'forfeit_unvested', offboardedAt: '2026-02-10' } }]));

    it('refuses any command after offboarding', () =>
      spec.given([enrolled, { type: 'PartnerOffboarded', data: { partnerId: 'p1', settlement: 'accelerate', offboardedAt: '2026-02-01' } }])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'late' }, metadata: metadata() })
        .thenThrows('PARTNER_OFFBOARDED'));

    it('refuses an unknown settlement', () =>
      spec.given([enrolled])
        .when({ type: 'OffboardPartner', data: { partnerId: 'p1', settlement: 'keep' as never }, metadata: metadata() })
        .thenThrows('VALIDATION_FAILED', { field: 'settlement' }));
  });
});
