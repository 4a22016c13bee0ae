import { useEffect, useState } from 'preact/hooks';
import {
  authorizationUrl,
  claimNamesOf,
  completeSignIn,
  isSignInReturn,
  oidcSettings,
  type OidcSettings,
} from './oidc';
import { adoptSession, forgetToken, keepToken, type Session } from './session';
import { messageOf } from './ui';

/** How signing in stands: the provider's settings once read, and what went wrong, if anything. */
interface SignInState {
  readonly settings?: OidcSettings | undefined;
  readonly checking: boolean;
  readonly error?: string | undefined;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Finishes a sign-in the provider returned from, then shows the page it started on (the code leaves the URL). */
async function finishSignIn(settings: OidcSettings): Promise<Session | undefined> {
  try {
    const { accessToken, returnTo } = await completeSignIn(settings, location, sessionStorage);
    keepToken(sessionStorage, accessToken, claimNamesOf(settings));
    history.replaceState(null, '', returnTo);
  } catch (error) {
    history.replaceState(null, '', location.pathname);
    throw error;
  } finally {
    dispatchEvent(new PopStateEvent('popstate'));
  }
  const session = adoptSession(location, sessionStorage, history, nowSeconds());
  if (!session) throw new Error('The provider signed you in, but its token carries no ledger role');
  return session;
}

/**
 * The console's session: a `#token=` link or this tab's stored token at once; otherwise the ledger's sign-in
 * settings are read, and a return from the OpenID Connect provider is completed.
 */
export function useSession(): { session?: Session; signIn: SignInState; signOut: () => void } {
  const [session, setSession] = useState(() => adoptSession(location, sessionStorage, history, nowSeconds()));
  const [signIn, setSignIn] = useState<SignInState>({ checking: !session });
  useEffect(() => {
    if (session) return;
    let current = true;
    const update = (state: SignInState) => current && setSignIn(state);
    void (async () => {
      let settings: OidcSettings | undefined;
      try {
        settings = await oidcSettings(location.origin);
        if (settings && isSignInReturn(location.search)) setSession(await finishSignIn(settings));
        update({ settings, checking: false });
      } catch (error) {
        update({ settings, checking: false, error: messageOf(error) });
      }
    })();
    return () => {
      current = false;
    };
  }, [session]);
  const signOut = () => {
    forgetToken(sessionStorage);
    setSession(undefined);
  };
  return { ...(session ? { session } : {}), signIn, signOut };
}

function ProviderSignIn({ settings }: { readonly settings: OidcSettings }) {
  const [error, setError] = useState<string>();
  const start = async () => {
    try {
      location.assign(await authorizationUrl(settings, location, sessionStorage));
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <>
      <p>
        <button type="button" onClick={() => void start()}>
          Sign in with {new URL(settings.issuer).host}
        </button>
      </p>
      {error ? <p role="alert">{error}</p> : null}
    </>
  );
}

export function SignedOut({ signIn }: { readonly signIn: SignInState }) {
  return (
    <main id="main">
      <h1>Partner Ledger console</h1>
      {signIn.checking ? <p aria-live="polite">Signing in…</p> : null}
      {signIn.error ? <p role="alert">Sign-in failed: {signIn.error}</p> : null}
      {signIn.settings ? <ProviderSignIn settings={signIn.settings} /> : null}
      <p>You are not signed in (or your session expired). On the ledger's machine, run</p>
      <pre>npm run ledger -- token --role finance --sub alice --console</pre>
      <p>and open the link it prints in this browser.</p>
    </main>
  );
}
