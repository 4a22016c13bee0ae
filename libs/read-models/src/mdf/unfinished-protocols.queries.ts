import type Database from 'better-sqlite3';

/**
 * Where the read models show a multi-step protocol across a campaign (or statement) and its partner's
 * fund that may have stopped half-way (a crash between two single-stream appends). Candidates only:
 * the reconciler folds both streams before it acts, and a candidate with nothing left to do costs one
 * fold. Reads the campaigns, mdf and statements projections together (one read database).
 */
export class UnfinishedProtocolQueries {
  private readonly statements;
  constructor(db: Database.Database) {
    this.statements = {
      campaigns: db.prepare<[], { campaign_id: string }>(`
        SELECT m.campaign_id FROM mdf_campaigns m JOIN campaigns c ON c.campaign_id = m.campaign_id
        WHERE c.status = 'proposed'
           OR (c.status = 'closed' AND m.decommitted_at IS NULL AND m.released < m.committed)
           OR EXISTS (
             SELECT 1 FROM campaign_milestones cm
             WHERE cm.campaign_id = c.campaign_id AND cm.completed_at IS NOT NULL
               AND cm.milestone_id NOT IN (SELECT value FROM json_each(m.released_milestones)))
        ORDER BY m.campaign_id`),
      // From the claims not paid (few) to their statement lines and statements: CROSS JOIN keeps SQLite to that
      // order. Its own choice scanned every statement's lines: 40-140 ms on the API's thread at 1M events.
      statements: db.prepare<[], { statement_id: string }>(`
        SELECT DISTINCT s.statement_id FROM mdf_claims c
        CROSS JOIN statement_lines l ON l.partner_id = c.partner_id AND l.line_id = 'mdf-claim:' || c.claim_id
        CROSS JOIN statements s ON s.statement_id = l.statement_id
        WHERE c.status <> 'paid' AND l.kind = 'mdf_claim' AND s.status = 'paid'
        ORDER BY s.statement_id`),
    };
  }

  /**
   * Campaigns holding a commitment whose funding protocol may be unfinished: committed but still
   * proposed (an approval stopped after the commit), closed without the commitment given back, or a
   * completed milestone not released. A closed campaign whose every milestone was released has nothing to give
   * back (the fund decommits nothing for it, so no date is recorded): at a million seeded events 366 of them made
   * every start fold 366 campaigns and their funds on the API's thread, about 2.4 s of CPU.
   */
  campaignIds(): string[] {
    return this.statements.campaigns.all().map((row) => row.campaign_id);
  }

  /** Paid statements carrying an MDF claim the fund does not show as paid (the pay protocol's second step). */
  paidStatementIds(): string[] {
    return this.statements.statements.all().map((row) => row.statement_id);
  }
}
