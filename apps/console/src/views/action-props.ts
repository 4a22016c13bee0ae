import type { Api } from '../api/client';
import type { AnyStatementView } from '../api/views';
import type { Session } from '../session';

/** What an action on a statement needs: the API, who acts, and the statement as last read. */
export interface ActionProps {
  readonly api: Api;
  readonly session: Session;
  readonly statement: AnyStatementView;
}
