/**
 * compose.html's root: the ordinary secure editor, or its page-API variant when the
 * background says this session was opened through `window.mailvelope`.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageApiPageProtocol } from '../../shared/page-api-protocol';
import { call } from '../lib/rpc';
import { claimedSessionId } from '../read/frame-session';
import { ComposeApp } from './compose-app';
import { PageApiEditor } from './page-api-editor';

type Mode = PageApiPageProtocol['getPageApiEditor']['res'];

export function ComposeRoot() {
  const sessionId = claimedSessionId();
  const [mode, setMode] = useState<Mode | null>(sessionId ? null : { pageApi: false });
  useEffect(() => {
    if (!sessionId) return;
    // Any failure: the ordinary editor, which reports the session problem itself.
    call('getPageApiEditor', { sessionId }).then(setMode, () => setMode({ pageApi: false }));
  }, [sessionId]);
  if (mode === null) return null;
  if (!mode.pageApi || !sessionId) return <ComposeApp />;
  return <PageApiEditor sessionId={sessionId} signMsg={mode.signMsg} predefinedText={mode.predefinedText} request={mode.request} />;
}
