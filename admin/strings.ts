/**
 * Every piece of panel text, in one place so it can be translated later.
 * Functions take the values they interpolate.
 */
export const t = {
  appName: 'otc-desk admin',
  nav: {
    dashboard: 'Dashboard', disputes: 'Disputes', kyc: 'KYC', users: 'Users', acceptors: 'Acceptors',
    withdrawals: 'Withdrawals', merchants: 'Merchants', settings: 'Settings', audit: 'Audit log', admins: 'Admins', logout: 'Log out',
  },
  login: {
    title: 'Sign in', email: 'Email', password: 'Password', code: 'Authenticator code', submit: 'Sign in',
    invalid: 'Wrong email, password or code.',
    locked: 'Too many failed attempts. Sign-in is locked for 15 minutes.',
    expired: 'Your session has ended. Please sign in again.',
    loggedOut: 'You are signed out.',
  },
  common: {
    reason: 'Reason (required)', save: 'Save', search: 'Search', none: 'Nothing here.', back: 'Back',
    next: 'Older →', newest: '← Newest', all: 'All', filter: 'Filter', user: 'User', status: 'Status',
    amount: 'Amount', created: 'Created', id: 'ID', actions: 'Actions', yes: 'yes', no: 'no',
    forbidden: 'Your role does not allow this page or action.', notFound: 'Not found.',
    serverError: 'Something went wrong; the action was not applied. Details are in the server log.',
    csrf: 'The form expired or did not come from this panel. Reload the page and try again.',
    signedInAs: (name: string, role: string) => `${name} · ${role}`,
  },
  dashboard: {
    title: 'Dashboard', openOrders: 'Open orders by state', appeals: 'Appeals waiting',
    waiting: 'Waiting', unanswered: 'Without a first response', overdue: 'Over the response target',
    oldest: 'Oldest', target: (age: string) => `Target: first response within ${age}`,
    volume: (days: number) => `Completed volume, last ${days} days (USDT)`, ledger: 'Ledger totals (USDT)',
    userAvailable: 'Users available', userHeld: 'Users held (escrow and withdrawals)', escrow: 'In order escrow',
    fees: 'Desk fees', merchantAvailable: 'Merchants available',
    deposits: 'Deposits', credited24h: 'Credited in 24 h', unconfirmed: 'Seen, unconfirmed',
    withdrawals: 'Withdrawals', noChain: 'The chain tables are not installed yet.',
  },
  disputes: {
    title: 'Dispute queue', order: 'Order', age: 'Age', firstResponse: 'First response', opened: 'Opened',
    open: 'Open', timeline: 'Timeline', chat: 'Chat transcript', receipt: 'Payment receipt', noReceipt: 'No receipt attached.',
    parties: 'Parties', escrow: 'Escrow hold', resolve: 'Resolve',
    release: 'Release to buyer', refund: 'Refund seller', split: 'Split',
    buyerShare: 'Buyer share for a split (USDT)', reasonHint: 'The reason is stored with the order and shown in the audit log.',
    notDisputed: (status: string) => `This order is ${status}; there is nothing to resolve.`,
    resolved: 'The dispute is resolved. Both parties are being told.',
    buyer: 'Buyer', seller: 'Seller', trader: 'trader', acceptor: 'acceptor',
    overdue: 'over target', noMessages: 'No messages.', attachment: 'Attachment',
    stats: (done: number, total: number, disputes: number, lost: number) => `${done}/${total} orders completed · ${disputes} disputes (${lost} lost)`,
  },
  kyc: {
    title: 'KYC review', pending: 'Pending', approved: 'Approved', rejected: 'Rejected', fullName: 'Full name',
    document: 'ID document', selfie: 'Selfie', tier: 'Tier', approve: 'Approve with tier', reject: 'Reject',
    rejectReason: 'Reason shown to the trader', done: 'Decision saved; the trader is being told.', currentTier: 'Current tier',
    reviewer: 'Reviewer',
  },
  users: {
    title: 'Users', searchHint: 'ID, Telegram ID or @username', telegram: 'Telegram', username: 'Username',
    frozen: 'Frozen', kycTier: 'KYC tier', balances: 'Balances (USDT)', posted: 'Posted', held: 'Held', incoming: 'Incoming',
    orders: 'Recent orders', kyc: 'KYC', freeze: 'Freeze', unfreeze: 'Unfreeze',
    frozenDone: 'User frozen.', unfrozenDone: 'User unfrozen.', acceptor: 'Acceptor', notAcceptor: 'Not an acceptor.',
  },
  acceptors: {
    title: 'Acceptors', applications: 'Applications', status: 'Status', application: 'Application',
    approve: 'Approve', reject: 'Reject', suspend: 'Suspend', reinstate: 'Reinstate',
    marginBps: 'Margin (basis points)', dailyLimit: 'Daily limit (USDT, empty = none)', saveTerms: 'Save terms',
    done: 'Saved.', stats: 'Completed / cancelled / timeouts', online: 'Online',
  },
  withdrawals: {
    title: 'Withdrawals awaiting approval', chain: 'Chain', to: 'To address', fee: 'Fee', owner: 'Owner',
    approve: 'Approve', reject: 'Reject', done: 'Decision saved.', recent: 'Recently decided',
  },
  merchants: {
    title: 'Merchants', name: 'Name', fee: 'Fee', commission: 'Acceptor commission', currencies: 'Currencies', callback: 'Callback URL',
    keys: 'API keys', revoked: 'revoked', active: 'active', deliveries: 'Webhook deliveries', event: 'Event', attempts: 'Attempts',
    lastResult: 'Last result', resend: 'Resend', attemptLog: 'Attempts', latency: 'Latency',
    cli: 'Merchants and their keys are created with scripts/create-merchant.ts (the secret is shown once, to the operator).',
  },
  settings: {
    title: 'Settings', key: 'Setting', value: 'Value', unit: 'Unit', saved: 'Setting saved.', unchanged: 'No change.',
    groups: { matching: 'Matching', timers: 'Timers', fees: 'Fees', limits: 'Limits', withdrawals: 'Withdrawals', other: 'Other' } as Record<string, string>,
  },
  admins: {
    title: 'Admin accounts', email: 'Email', name: 'Name', role: 'Role', lastLogin: 'Last sign-in', state: 'State',
    disabled: 'disabled', active: 'active', disable: 'Disable', enable: 'Enable', create: 'Create account',
    password: 'Initial password (at least 10 characters)', created: 'Account created. Give these to its owner now; the secret is not shown again.',
    totpSecret: 'TOTP secret', otpauth: 'otpauth URL',
  },
  audit: { title: 'Audit log', admin: 'Admin', action: 'Action', target: 'Target', before: 'Before', after: 'After', ip: 'Address', when: 'When' },
  files: { unavailable: 'File not available' },
  errors: {
    invalid_amount: 'That amount is not valid. Use digits with up to 6 decimals, e.g. 125.50.',
    invalid_input: 'Some input is missing or not valid.',
    not_found: 'Not found.',
    already_done: 'Already done by someone else — the page shows the current state.',
    invalid_transition: 'That action is not possible in the current state.',
    forbidden: 'Your role does not allow this action.',
    insufficient_funds: 'Not enough funds for this action.',
    ledger_conflict: 'The ledger refused the change; nothing was applied.',
    generic: 'The action was refused.',
  } as Record<string, string>,
  flash: {
    resolved: 'The dispute is resolved. Both parties are being told.',
    kyc: 'Decision saved; the trader is being told.',
    frozen: 'User frozen.', unfrozen: 'User unfrozen.', acceptor: 'Acceptor updated.', terms: 'Acceptor terms saved.',
    withdrawal: 'Withdrawal decision saved.', webhook: 'Webhook queued for delivery.', setting: 'Setting saved.', unchanged: 'No change.', admin: 'Admin account updated.',
  } as Record<string, string>,
};

export function errorText(code: string | undefined): string {
  return (code && t.errors[code]) || t.errors.generic;
}
