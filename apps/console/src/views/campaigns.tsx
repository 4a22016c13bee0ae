import { answer, type Api } from '../api/client';
import type { CampaignSummary, CampaignView, CommandAnswer, MdfClaimView } from '../api/views';
import { milestoneProgress, roiFigures } from '../campaigns';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import type { Session } from '../session';
import { ErrorNote, fieldOf, Link, Loading, useAction, useLoad } from '../ui';
import { ColumnHeads } from './column-heads';
import { FilterOptions } from './filter-options';
import { PageNav, useCursorPages } from './page-nav';

type CampaignsRoute = Extract<Route, { page: 'campaigns' }>;
const statuses = ['proposed', 'approved', 'closed'] as const;

/** After a command the campaign reads again at the position it answered, so it shows its own write. */
const reloadCampaign = (campaignId: string, written: CommandAnswer) =>
  navigate(hrefOf({ page: 'campaign', campaignId }, written.position));

/** Campaigns, oldest proposal first, 50 a page; a partner user's are its own. */
export function CampaignsPage(props: { readonly api: Api; readonly session: Session; readonly route: CampaignsRoute }) {
  const { route } = props;
  const staff = props.session.role !== 'partner';
  const pages = useCursorPages();
  const query = {
    limit: 50,
    ...(route.partnerId ? { partnerId: route.partnerId } : {}),
    ...(route.status ? { status: route.status as CampaignSummary['status'] } : {}),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const loaded = useLoad(
    () =>
      answer<{ campaigns: CampaignSummary[]; next: string | null }>(props.api.GET('/campaigns', { params: { query } })),
    JSON.stringify(query),
  );
  const filter = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(hrefOf({ page: 'campaigns', partnerId: fieldOf(event, 'partnerId'), status: fieldOf(event, 'status') }));
  };
  const campaigns = loaded.data?.campaigns ?? [];
  return (
    <>
      <h1>{staff ? 'Campaigns' : 'My campaigns'}</h1>
      <form class="inline" aria-label="Filter campaigns" onSubmit={filter}>
        {staff && (
          <label>
            Partner id <input name="partnerId" defaultValue={route.partnerId} />
          </label>
        )}
        <label>
          Campaign status{' '}
          <select name="status">
            <FilterOptions values={statuses} chosen={route.status} />
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      <table>
        <caption>{`Campaigns, oldest proposal first (${campaigns.length} shown)`}</caption>
        <ColumnHeads
          labels={['Campaign', 'Partner', 'Name', 'Status', 'Budget', 'Goal: leads, pipeline', 'Proposed']}
          amounts={['Budget']}
        />
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.campaignId}>
              <td>
                <Link href={hrefOf({ page: 'campaign', campaignId: campaign.campaignId })}>{campaign.campaignId}</Link>
              </td>
              <td>{campaign.partnerId}</td>
              <td>{campaign.name}</td>
              <td>{campaign.status}</td>
              <td class="amount">{`${campaign.budget} ${campaign.currency}`}</td>
              <td>{`${campaign.goals.leads}, ${campaign.goals.pipeline} ${campaign.currency}`}</td>
              <td>{campaign.proposedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PageNav pages={pages} next={loaded.data?.next} />
    </>
  );
}

interface CampaignProps {
  readonly api: Api;
  readonly session: Session;
  readonly campaign: CampaignView;
}

function CompleteMilestone({ api, campaign, milestoneId }: Omit<CampaignProps, 'session'> & { milestoneId: string }) {
  const [error, act] = useAction();
  const complete = (event: SubmitEvent) => {
    event.preventDefault();
    const path = { id: campaign.campaignId, milestoneId };
    const body = { evidence: fieldOf(event, 'evidence') };
    void act(async () =>
      reloadCampaign(
        campaign.campaignId,
        await answer(api.POST('/campaigns/{id}/milestones/{milestoneId}/complete', { params: { path }, body })),
      ),
    );
  };
  return (
    <form class="inline" aria-label={`Complete milestone ${milestoneId}`} onSubmit={complete}>
      <label>
        Evidence <input name="evidence" required />
      </label>
      <button type="submit">Complete</button>
      <ErrorNote message={error} />
    </form>
  );
}

function Milestones({ api, session, campaign }: CampaignProps) {
  const progress = milestoneProgress(campaign);
  const completes = session.role === 'partner_manager' && campaign.status === 'approved';
  return (
    <section aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">Milestones</h2>
      <p>
        <label for="milestone-progress">Milestone progress</label>{' '}
        <progress id="milestone-progress" max={Math.max(progress.total, 1)} value={progress.completed} />{' '}
        <span>{progress.label}</span>
      </p>
      <table>
        <caption>Milestones and the budget each releases</caption>
        <ColumnHeads labels={['Milestone', 'Amount', 'Completed', 'Evidence']} amounts={['Amount']} />
        <tbody>
          {campaign.milestones.map((milestone) => (
            <tr key={milestone.milestoneId}>
              <td>{milestone.milestoneId}</td>
              <td class="amount">{milestone.amount}</td>
              <td>{milestone.completedAt?.slice(0, 10) ?? 'not yet'}</td>
              <td>
                {milestone.evidence ??
                  (completes ? (
                    <CompleteMilestone api={api} campaign={campaign} milestoneId={milestone.milestoneId} />
                  ) : (
                    '—'
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Facts({ facts, label }: { readonly facts: ReadonlyArray<[string, string]>; readonly label: string }) {
  return (
    <dl class="facts" aria-label={label}>
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DecideClaim({ api, campaign, claim }: Omit<CampaignProps, 'session'> & { claim: MdfClaimView }) {
  const [error, act] = useAction();
  const path = { id: campaign.campaignId, claimId: claim.claimId };
  const approve = () =>
    act(async () =>
      reloadCampaign(
        campaign.campaignId,
        await answer(api.POST('/campaigns/{id}/claims/{claimId}/approve', { params: { path } })),
      ),
    );
  const reject = (event: SubmitEvent) => {
    event.preventDefault();
    const body = { reason: fieldOf(event, 'reason') };
    void act(async () =>
      reloadCampaign(
        campaign.campaignId,
        await answer(api.POST('/campaigns/{id}/claims/{claimId}/reject', { params: { path }, body })),
      ),
    );
  };
  return (
    <form class="inline" aria-label={`Decide claim ${claim.claimId}`} onSubmit={reject}>
      <button type="button" onClick={() => void approve()}>
        Approve
      </button>
      <label>
        Reason <input name="reason" required />
      </label>
      <button type="submit">Reject</button>
      <ErrorNote message={error} />
    </form>
  );
}

function ClaimForm({ api, campaign }: Omit<CampaignProps, 'session'>) {
  const [error, act] = useAction();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const body = {
      claimId: fieldOf(event, 'claimId'),
      amount: fieldOf(event, 'amount'),
      evidence: fieldOf(event, 'evidence'),
    };
    const path = { id: campaign.campaignId };
    void act(async () =>
      reloadCampaign(campaign.campaignId, await answer(api.POST('/campaigns/{id}/claims', { params: { path }, body }))),
    );
  };
  return (
    <form aria-labelledby="claim-heading" onSubmit={submit}>
      <h3 id="claim-heading">Claim released funds</h3>
      <p>{`Claimable now: ${campaign.mdf?.claimable ?? '0'} ${campaign.mdf?.currency ?? campaign.currency}`}</p>
      <div class="inline">
        <label>
          Claim id <input name="claimId" required />
        </label>
        <label>
          Amount <input name="amount" required inputMode="decimal" placeholder="1000.00" />
        </label>
        <label>
          Evidence <input name="evidence" required placeholder="Invoice INV-118" />
        </label>
        <button type="submit">Submit the claim</button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}

function Claims({ api, session, campaign }: CampaignProps) {
  const decides = session.role === 'partner_manager';
  const claims = decides || session.role === 'partner';
  return (
    <section aria-labelledby="claims-heading">
      <h2 id="claims-heading">MDF claims</h2>
      <table>
        <caption>{`Claims against the campaign (${campaign.claims.length})`}</caption>
        <ColumnHeads labels={['Claim', 'Amount', 'Evidence', 'Submitted', 'Status', 'Decision']} amounts={['Amount']} />
        <tbody>
          {campaign.claims.map((claim) => (
            <tr key={claim.claimId}>
              <td>{claim.claimId}</td>
              <td class="amount">{`${claim.amount} ${claim.currency}`}</td>
              <td>{claim.evidence}</td>
              <td>{claim.submittedAt.slice(0, 10)}</td>
              <td>
                {claim.status}
                {claim.rejectionReason ? `: ${claim.rejectionReason}` : ''}
                {claim.statementId ? ` on ${claim.statementId}` : ''}
              </td>
              <td>
                {decides && claim.status === 'submitted' ? (
                  <DecideClaim api={api} campaign={campaign} claim={claim} />
                ) : (
                  (claim.approvedAt ?? claim.rejectedAt ?? '—')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {claims && campaign.mdf && campaign.status !== 'proposed' && <ClaimForm api={api} campaign={campaign} />}
    </section>
  );
}

/** A partner manager approves a proposed campaign: it commits the budget from the partner's MDF fund. */
function ApproveCampaign({ api, campaign }: Omit<CampaignProps, 'session'>) {
  const [error, act] = useAction();
  const path = { id: campaign.campaignId };
  const approve = () =>
    act(async () =>
      reloadCampaign(campaign.campaignId, await answer(api.POST('/campaigns/{id}/approve', { params: { path } }))),
    );
  return (
    <div class="inline">
      <button type="button" onClick={() => void approve()}>
        Approve the campaign (commits its budget)
      </button>
      <ErrorNote message={error} />
    </div>
  );
}

/** One campaign: its milestones' progress, goal attainment and ROI, and the MDF claims against it. */
export function CampaignPage(props: { readonly api: Api; readonly session: Session; readonly campaignId: string }) {
  const after = afterOfLocation();
  const loaded = useLoad(
    () =>
      answer<CampaignView>(
        props.api.GET('/campaigns/{id}', {
          params: { path: { id: props.campaignId }, query: after ? { after } : {} },
        }),
      ),
    `${props.campaignId}|${after ?? ''}`,
  );
  const campaign = loaded.data;
  return (
    <>
      <h1>{campaign ? `${campaign.name} (${campaign.campaignId})` : `Campaign ${props.campaignId}`}</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {campaign && (
        <>
          <Facts
            label="Campaign"
            facts={[
              ['Partner', campaign.partnerId],
              ['Status', campaign.status + (campaign.closeReason ? `: ${campaign.closeReason}` : '')],
              ['Budget', `${campaign.budget} ${campaign.currency}`],
              [
                'Proposed, approved',
                `${campaign.proposedAt.slice(0, 10)}, ${campaign.approvedAt?.slice(0, 10) ?? '—'}`,
              ],
              ['Leads attributed', String(campaign.leads.length)],
            ]}
          />
          {props.session.role === 'partner_manager' && campaign.status === 'proposed' && (
            <ApproveCampaign api={props.api} campaign={campaign} />
          )}
          <Milestones {...props} campaign={campaign} />
          <section aria-labelledby="roi-heading">
            <h2 id="roi-heading">Goals and return on MDF</h2>
            <Facts label="Goals and return on MDF" facts={roiFigures(campaign)} />
          </section>
          <Claims {...props} campaign={campaign} />
        </>
      )}
    </>
  );
}
