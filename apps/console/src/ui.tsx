import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api/client';
import { navigate } from './navigation';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: string;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** The text a form's field holds when it was submitted. */
export function fieldOf(event: SubmitEvent, name: string): string {
  const value = new FormData(event.currentTarget as HTMLFormElement).get(name);
  return typeof value === 'string' ? value : '';
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

/** Loads once per key and again on reload; the API's error message is kept as it is. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const [loadedKey, setLoadedKey] = useState(key);
  useEffect(() => {
    let current = true;
    // Another key is another page: its data must not show the previous one's meanwhile. A reload keeps it.
    setState((previous) => (key === loadedKey ? { ...previous, loading: true } : { loading: true }));
    setLoadedKey(key);
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: messageOf(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, round]); // The key names what the load depends on.
  const reload = useCallback(() => setRound((value) => value + 1), []);
  // The render right after the key changed comes before the effect above: the state is still the previous
  // key's (another page's rows under this page's caption), so none of it is shown for this key.
  if (key !== loadedKey) return { loading: true, reload };
  return { ...state, reload };
}

/** Runs a user's action, keeping the API's refusal to show next to the control. */
export function useAction(): [string | undefined, (run: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState<string>();
  const act = async (run: () => Promise<void>) => {
    setError(undefined);
    try {
      await run();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return [error, act];
}

export function ErrorNote({ message }: { readonly message?: string | undefined }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}

export function Link(props: { readonly href: string; readonly title?: string; readonly children: ComponentChildren }) {
  const { href, title, children } = props;
  return (
    <a
      href={href}
      title={title}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export function Loading({ loading }: { readonly loading: boolean }) {
  return loading ? <p aria-live="polite">Loading…</p> : null;
}
