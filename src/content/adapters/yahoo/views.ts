/**
 * The views the Yahoo adapter handles, each with its fixture (test/fixtures/webmail/yahoo/).
 * Yahoo does not clip long bodies the way Gmail does, so there is no clipped view.
 */
export const VIEWS = {
  'compose-new': { fixture: 'compose-new.html', view: 'compose' },
  'compose-reply': { fixture: 'compose-reply.html', view: 'compose' },
  'compose-inline-reply': { fixture: 'compose-inline-reply.html', view: 'compose' },
  'compose-popout': { fixture: 'compose-popout.html', view: 'compose' },
  'compose-pasted-armor': { fixture: 'compose-pasted-armor.html', view: 'compose' },
  'read-single': { fixture: 'read-single.html', view: 'read' },
  'read-thread': { fixture: 'read-thread.html', view: 'read' },
  'read-soft-breaks': { fixture: 'read-soft-breaks.html', view: 'read' },
  'read-pgpmime': { fixture: 'read-pgpmime.html', view: 'read' },
} as const;
