/**
 * What both of our webmail frames (compose.html, read.html) share: the session id from the
 * URL hash (the only thing the URL carries) and telling the content script our height.
 * Control never goes through window.postMessage (PI-02): the background relays heights.
 */
import { useEffect } from 'preact/hooks';
import { call } from '../lib/rpc';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function sessionIdFromHash(hash: string = location.hash): string | null {
  const id = hash.replace(/^#/, '');
  return SESSION_ID.test(id) ? id : null;
}

/** Reports the document height whenever it changes (ResizeObserver, no polling). */
export function useAutoResize(sessionId: string | null): void {
  useEffect(() => {
    if (!sessionId) return;
    let last = -1;
    let frame = 0;
    const report = () => {
      frame = 0;
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      void call('resizeFrame', { sessionId, height }).catch(() => undefined);
    };
    const observer = new ResizeObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(report);
    });
    observer.observe(document.documentElement);
    return () => {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [sessionId]);
}
