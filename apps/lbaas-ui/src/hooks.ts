import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** The page's address after `#`, split: `#/loadbalancers/<id>` → ['loadbalancers', '<id>']. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(path: string): void {
  location.hash = `#/${path}`;
}

export interface Polled<T> {
  data?: T;
  error?: Error;
  /** Loads again now (after a change the user made), then keeps polling. */
  reload: () => void;
}

/**
 * Loads, then loads again every `intervalMs` (or `intervalFor(data)`) while the page shows it: the live
 * view of statuses and counters. One request at a time; none after the page is left.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number | ((data: T | undefined) => number),
  deps: unknown[],
): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error }>({});
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: T | undefined;
    const tick = async () => {
      try {
        last = await loadRef.current();
        if (!stopped) setState({ data: last });
      } catch (error) {
        if (!stopped) setState((previous) => ({ data: previous.data, error: error as Error }));
      }
      if (stopped) return;
      const wait = typeof intervalMs === 'function' ? intervalMs(last) : intervalMs;
      timer = setTimeout(() => void tick(), wait);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
