/**
 * `React.lazy` that can be tried again. `lazy()` remembers a failed import for good, so a page whose code
 * failed to load during a network blip would stay broken until F5. Here, when the error boundary around
 * the page resets (重试, or the network coming back), `retryFailedPages()` arms a fresh `lazy()`: the
 * page's `import()` runs again and really fetches again — browsers no longer keep a failed module
 * fetch in their module map (whatwg/html#10327: Chromium, Firefox and WebKit), checked against this
 * machine's Chromium in test/web-never-blank.e2e-spec.ts.
 */
import { createElement, lazy, type ComponentType } from 'react';

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

export interface LazyPage<P> {
  (props: P): ReturnType<typeof createElement>;
  /** Fetches the page's code now (after login, say), so opening it later needs no network. */
  preload(): Promise<void>;
}

/** Pages whose code failed to load, each with the way to arm a fresh `lazy()` for the next try. */
const failed = new Set<() => void>();

/**
 * Lets every page whose code failed to load try again at its next render: an error boundary calls this
 * when it resets (重试, the live connection back). Only then — a fresh `lazy()` at every render would
 * fetch again at once, forever, and never reach the boundary.
 */
export function retryFailedPages(): void {
  for (const rearm of [...failed]) rearm();
  failed.clear();
}

export function lazyPage<P extends object>(load: Loader<P>): LazyPage<P> {
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  // What the page renders: a lazy() until the code is in; the page itself when it arrived (a preload)
  // before anything rendered the lazy() — no spinner then. Once rendered, a component stays the same,
  // so the page is never remounted by its own loading.
  let component: ComponentType<P>;
  let rendered = false;
  const rearm = () => {
    component = lazy(fetchOnce);
    rendered = false;
  };
  const fetchOnce = (): Promise<{ default: ComponentType<P> }> =>
    (pending ??= load().then(
      (module) => {
        if (!rendered) component = module.default;
        return module;
      },
      (error: unknown) => {
        pending = null; // the next fetch asks the network again
        failed.add(rearm);
        throw error;
      },
    ));
  rearm();

  const render = (props: P) => {
    rendered = true;
    return createElement(component, props);
  };
  const preload = () =>
    fetchOnce().then(
      () => undefined,
      () => undefined, // opened later, the page tries again and shows the failure there
    );
  const Page: LazyPage<P> = Object.assign(render, { preload });
  return Page;
}

/** A page's code (or one of its chunks) could not be fetched: the network, or a deploy that replaced it. */
export function isChunkLoadError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  // Chromium, Firefox, Safari, and Vite's own preload helper.
  return /dynamically imported module|module script failed|error loading dynamically|Unable to preload/i.test(text);
}
