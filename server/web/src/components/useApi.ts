import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import { api } from "../logic/api";

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  at: Date | null;  ///< when data last arrived
  reload: () => void;
}

/// GETs `path` (nothing while it is null), again whenever it changes, and
/// every `refreshSeconds` when given; an answer to an older request never
/// replaces a newer one.
export function useApi<T>(path: string | null, refreshSeconds?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; at: Date | null }>({
    data: null,
    error: null,
    at: null,
  });
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);

  const load = useCallback(() => {
    if (path === null) return () => {};
    const mine = ++generation.current;
    const abort = new AbortController();
    setLoading(true);
    api<T>(path, { signal: abort.signal })
      .then((data) => {
        if (mine === generation.current) setState({ data, error: null, at: new Date() });
      })
      .catch((error) => {
        if (mine === generation.current && !abort.signal.aborted) {
          setState((s) => ({ ...s, error }));
        }
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
    return () => abort.abort();
  }, [path]);

  useEffect(() => {
    setState({ data: null, error: null, at: null });
    let cancel = load();
    if (!refreshSeconds) return () => cancel();
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") cancel = load();
    }, refreshSeconds * 1000);
    return () => {
      window.clearInterval(timer);
      cancel();
    };
  }, [load, refreshSeconds]);

  return { ...state, loading, reload: () => void load() };
}
