/**
 * Approve buttons of Cachet's windows (confirm.html, page-api-import.html) stay disabled until
 * the window has been in front for ARM_MS: a click meant for something else (the second half
 * of a double click that opened the window under the pointer, a click on the page at the
 * moment the page made the window pop up, a click that brings the window to the front) never
 * approves anything.
 */
import { useEffect, useState } from 'preact/hooks';

export const ARM_MS = 800;

export function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer = setTimeout(() => setArmed(true), ARM_MS);
    const rearm = () => {
      clearTimeout(timer);
      setArmed(false);
      timer = setTimeout(() => setArmed(true), ARM_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') rearm();
    };
    window.addEventListener('focus', rearm);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', rearm);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return armed;
}
