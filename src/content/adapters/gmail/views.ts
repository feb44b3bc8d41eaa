/**
 * The views the Gmail adapter handles, each with the fixture that shows it
 * (test/fixtures/webmail/gmail/); the conventions test fails if one has no fixture or the
 * self-check does not find the view in it.
 */
export const VIEWS = {
  'compose-new': { fixture: 'compose-new.html', view: 'compose' },
  'compose-reply': { fixture: 'compose-reply.html', view: 'compose' },
  'compose-inline-reply': { fixture: 'compose-inline-reply.html', view: 'compose' },
  'compose-popout': { fixture: 'compose-popout.html', view: 'compose' },
  'compose-pasted-armor': { fixture: 'compose-pasted-armor.html', view: 'compose' },
  'read-single': { fixture: 'read-single.html', view: 'read' },
  'read-thread': { fixture: 'read-thread.html', view: 'read' },
  'read-clipped': { fixture: 'read-clipped.html', view: 'read' },
  'read-soft-breaks': { fixture: 'read-soft-breaks.html', view: 'read' },
  'read-pgpmime': { fixture: 'read-pgpmime.html', view: 'read' },
} as const;
